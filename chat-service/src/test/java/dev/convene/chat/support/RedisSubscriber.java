package dev.convene.chat.support;

import io.vertx.core.json.JsonObject;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Subscribes to one channel of the machine's real Redis (127.0.0.1:6379) over a plain socket,
 * independent of the application's Redis configuration (the outage test points the app
 * elsewhere). Collects the envelopes in arrival order.
 */
public final class RedisSubscriber implements AutoCloseable {

    private final Socket socket;
    private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    private final Thread reader;

    private RedisSubscriber(String channel) throws IOException {
        socket = new Socket("127.0.0.1", 6379);
        OutputStream out = socket.getOutputStream();
        byte[] name = channel.getBytes(StandardCharsets.UTF_8);
        out.write(("*2\r\n$9\r\nSUBSCRIBE\r\n$" + name.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(name);
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        readReply(in); // the subscription confirmation: from now on nothing published is missed
        reader = new Thread(() -> {
            try {
                while (true) {
                    List<Object> message = (List<Object>) readReply(in);
                    if ("message".equals(message.get(0))) {
                        events.add(new JsonObject((String) message.get(2)));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // closed
            }
        }, "test-redis-subscriber");
        reader.setDaemon(true);
        reader.start();
    }

    /** Subscribed to {@code convene-test:room:{room}} when this returns. */
    public static RedisSubscriber room(String room) {
        try {
            return new RedisSubscriber("convene-test:room:" + room);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next envelope, or fails after the timeout. */
    public JsonObject next(Duration timeout) {
        try {
            JsonObject event = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new AssertionError("no event within " + timeout);
            }
            return event;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<JsonObject> next(int count, Duration timeout) {
        List<JsonObject> result = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (result.size() < count) {
            result.add(next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))));
        }
        return result;
    }

    /** Nothing arrives within the time. */
    public void assertQuiet(Duration time) {
        try {
            JsonObject event = events.poll(time.toMillis(), TimeUnit.MILLISECONDS);
            if (event != null) {
                throw new AssertionError("unexpected event " + event);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static Object readReply(InputStream in) throws IOException {
        int type = in.read();
        String line = readLine(in);
        switch (type) {
            case '*' -> {
                int n = Integer.parseInt(line);
                List<Object> items = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    items.add(readReply(in));
                }
                return items;
            }
            case '$' -> {
                int n = Integer.parseInt(line);
                byte[] data = in.readNBytes(n);
                readLine(in);
                return new String(data, StandardCharsets.UTF_8);
            }
            case ':', '+' -> {
                return line;
            }
            case -1 -> throw new IOException("closed");
            default -> throw new IOException("unexpected reply " + (char) type + line);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c == -1) {
                throw new IOException("closed");
            }
            line.append((char) c);
        }
        in.read(); // \n
        return line.toString();
    }
}
