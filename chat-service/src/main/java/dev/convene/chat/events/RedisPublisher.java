package dev.convene.chat.events;

import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sends a batch of {@code PUBLISH}es to Redis as one pipeline and returns once Redis
 * acknowledged every one of them (or throws). Used by one thread at a time.
 *
 * <p>For {@code redis://} URLs it is a dedicated blocking connection owned by the publishing
 * thread: one write, one read, no hand-over to and from an event loop (on a busy 2-core box
 * each hand-over costs a scheduling delay, which is what the announcements queued behind).
 * Other URLs ({@code rediss://}, unix sockets, …) go through the Quarkus Redis client.
 */
public interface RedisPublisher extends AutoCloseable {

    /** {@code channelsAndMessages}: channel, message, channel, message, … */
    void publish(List<String> channelsAndMessages) throws IOException;

    @Override
    void close();

    static RedisPublisher of(String hosts, Optional<String> password, Redis client, Duration timeout) {
        URI uri = URI.create(hosts.split(",")[0].trim());
        if ("redis".equals(uri.getScheme()) && uri.getHost() != null) {
            return new Direct(uri, password, timeout);
        }
        return new ViaClient(client, timeout);
    }

    /** A plain RESP connection (reconnects after any failure). */
    final class Direct implements RedisPublisher {
        private final String host;
        private final int port;
        private final String user;
        private final String password;
        private final int timeoutMillis;
        private Socket socket;
        private OutputStream out;
        private InputStream in;

        Direct(URI uri, Optional<String> configuredPassword, Duration timeout) {
            host = uri.getHost();
            port = uri.getPort() > 0 ? uri.getPort() : 6379;
            String userInfo = uri.getRawUserInfo();
            String u = null;
            String p = configuredPassword.orElse(null);
            if (userInfo != null && !userInfo.isEmpty()) {
                int colon = userInfo.indexOf(':');
                if (colon < 0) {
                    p = decode(userInfo);
                } else {
                    u = colon == 0 ? null : decode(userInfo.substring(0, colon));
                    p = decode(userInfo.substring(colon + 1));
                }
            }
            user = u;
            password = p;
            timeoutMillis = (int) timeout.toMillis();
        }

        private static String decode(String s) {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        }

        @Override
        public void publish(List<String> channelsAndMessages) throws IOException {
            try {
                connect();
                ByteArrayOutputStream buffer = new ByteArrayOutputStream(256 * channelsAndMessages.size());
                for (int i = 0; i < channelsAndMessages.size(); i += 2) {
                    command(buffer, "PUBLISH", channelsAndMessages.get(i), channelsAndMessages.get(i + 1));
                }
                buffer.writeTo(out);
                out.flush();
                for (int i = 0; i < channelsAndMessages.size(); i += 2) {
                    expectReply();
                }
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
        }

        private void connect() throws IOException {
            if (socket != null) {
                return;
            }
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.setSoTimeout(timeoutMillis);
                s.connect(new InetSocketAddress(host, port), timeoutMillis);
                socket = s;
                out = s.getOutputStream();
                in = new BufferedInputStream(s.getInputStream(), 8192);
                if (password != null) {
                    ByteArrayOutputStream auth = new ByteArrayOutputStream();
                    if (user != null) {
                        command(auth, "AUTH", user, password);
                    } else {
                        command(auth, "AUTH", password);
                    }
                    auth.writeTo(out);
                    out.flush();
                    expectReply();
                }
            } catch (IOException | RuntimeException e) {
                close();
                s.close();
                throw e;
            }
        }

        private static void command(ByteArrayOutputStream buffer, String... args) {
            buffer.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                buffer.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                buffer.writeBytes(bytes);
                buffer.writeBytes(new byte[] {'\r', '\n'});
            }
        }

        /** One simple reply (+OK, :n); an error reply or anything else is a failure. */
        private void expectReply() throws IOException {
            int type = in.read();
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) != '\r'; ) {
                if (c < 0) {
                    throw new IOException("Redis closed the connection");
                }
                line.append((char) c);
            }
            if (in.read() != '\n') {
                throw new IOException("Malformed Redis reply");
            }
            if (type != ':' && type != '+') {
                throw new IOException("Redis refused: " + (char) type + line);
            }
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // reconnecting anyway
                }
            }
            socket = null;
            out = null;
            in = null;
        }
    }

    /** Through the Quarkus (Vert.x) Redis client, for the URLs {@link Direct} does not handle. */
    final class ViaClient implements RedisPublisher {
        private final Redis client;
        private final Duration timeout;

        ViaClient(Redis client, Duration timeout) {
            this.client = client;
            this.timeout = timeout;
        }

        @Override
        public void publish(List<String> channelsAndMessages) throws IOException {
            List<Request> requests = new ArrayList<>(channelsAndMessages.size() / 2);
            for (int i = 0; i < channelsAndMessages.size(); i += 2) {
                requests.add(Request.cmd(Command.PUBLISH).arg(channelsAndMessages.get(i)).arg(channelsAndMessages.get(i + 1)));
            }
            try {
                client.batch(requests).await().atMost(timeout);
            } catch (RuntimeException e) {
                throw new IOException("Redis publication failed: " + e, e);
            }
        }

        @Override
        public void close() {
            // the client is the application's
        }
    }
}
