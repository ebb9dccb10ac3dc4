package dev.convene.chat.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** PUBLISH on the machine's real Redis (127.0.0.1:6379) over a plain socket, as another service would. */
public final class RedisPublish {

    private RedisPublish() {
    }

    /** Publishes and returns how many subscribers Redis delivered the message to. */
    public static long publish(String channel, String message) {
        try (Socket socket = new Socket("127.0.0.1", 6379)) {
            OutputStream out = socket.getOutputStream();
            out.write("*3\r\n".getBytes(StandardCharsets.UTF_8));
            for (String part : new String[] {"PUBLISH", channel, message}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                out.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.write(bytes);
                out.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            for (int c = in.read(); c != '\n' && c >= 0; c = in.read()) {
                reply.append((char) c);
            }
            if (reply.charAt(0) != ':') {
                throw new IllegalStateException("PUBLISH failed: " + reply);
            }
            return Long.parseLong(reply.substring(1).trim());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
