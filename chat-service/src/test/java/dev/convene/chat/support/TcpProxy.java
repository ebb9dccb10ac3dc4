package dev.convene.chat.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP forwarder that simulates an outage of the machine's shared PostgreSQL or
 * Redis without touching them. It is switched by a system property ({@code down} / anything
 * else): Quarkus may create the test profile in another class loader than the test's, and a
 * system property is the one switch both sides see. Down: forwarded connections are cut and
 * new ones closed at once.
 */
public final class TcpProxy {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** Suffix of the property the watcher sets once it has cut everything (a system property for the class-loader reason above). */
    private static final String CUT = ".cut";

    private final int targetPort;
    private final String switchProperty;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    public TcpProxy(int port, int targetPort, String switchProperty) {
        this.targetPort = targetPort;
        this.switchProperty = switchProperty;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(LOOPBACK, port));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        daemon("tcp-proxy-" + port, this::accept);
        daemon("tcp-proxy-watch-" + port, this::cutWhenDown);
    }

    public static void switchOn(String property) {
        System.setProperty(property, "up");
    }

    public static void switchOff(String property) {
        System.setProperty(property, "down");
    }

    /**
     * Switches off and returns once the running proxy has cut every forwarded connection: the
     * watcher looks every 20 ms, and a request sent in between would still get through on a
     * pooled connection (OutageTest saw a 201 where it expected the outage's 503).
     */
    public static void cutOff(String property) {
        System.clearProperty(property + CUT);
        switchOff(property);
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (System.getProperty(property + CUT) == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no running proxy cut its connections for " + property);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean up() {
        return !"down".equals(System.getProperty(switchProperty));
    }

    private void accept() {
        while (true) {
            try {
                Socket client = server.accept();
                if (!up()) {
                    client.close();
                    continue;
                }
                Socket upstream = new Socket(LOOPBACK, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                daemon("tcp-proxy-pipe", () -> pipe(client, upstream));
                daemon("tcp-proxy-pipe", () -> pipe(upstream, client));
            } catch (IOException e) {
                // a failed connection; keep serving
            }
        }
    }

    private void cutWhenDown() {
        while (true) {
            if (!up()) {
                sockets.forEach(TcpProxy::close);
                sockets.clear();
                System.setProperty(switchProperty + CUT, "yes");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side closed
        } finally {
            close(from);
            close(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
