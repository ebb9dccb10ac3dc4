package dev.convene.signaling.support;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A participant's socket for tests (JDK WebSocket client, as independent of the server stack as
 * possible): offers the subprotocols a browser would, records every frame and the close code.
 */
public final class SignalingClient implements WebSocket.Listener, AutoCloseable {

    public static final String ORIGIN = "http://localhost:8080";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile String closeReason;
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    private SignalingClient() {
    }

    /** Connects with subprotocols "convene.v1", "access_token.<token>"[, "resume.<credential>"]. */
    public static SignalingClient connect(URI base, String room, String token, String resume) {
        SignalingClient client = new SignalingClient();
        List<String> protocols = new ArrayList<>();
        if (token != null) {
            protocols.add("access_token." + token);
        }
        if (resume != null) {
            protocols.add("resume." + resume);
        }
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws").replaceAll("/$", "") + "/ws/rooms/" + room);
        client.socket = HTTP.newWebSocketBuilder()
                .header("Origin", ORIGIN)
                .subprotocols("convene.v1", protocols.toArray(String[]::new))
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, client)
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        return client;
    }

    public static SignalingClient join(URI base, String room, String token) {
        return connect(base, room, token, null);
    }

    /** A new participant (a random user, role participant) called {@code name}. */
    public static SignalingClient joinAs(URI base, String room, String name) {
        return join(base, room, RoomTokens.participant(room, Rooms.user(), name));
    }

    /** Waits for the welcome and answers the participant id it gives. */
    public String welcomeId() {
        return next("welcome").get("participantId").asText();
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public void send(String frame) {
        socket.sendText(frame, true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** Sends one message as two WebSocket frames (a text frame and a continuation). */
    public void sendFragmented(String frame) {
        int half = frame.length() / 2;
        socket.sendText(frame.substring(0, half), false).orTimeout(5, TimeUnit.SECONDS).join();
        socket.sendText(frame.substring(half), true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** Sends unless the socket is already closing (then false). */
    public boolean trySend(String frame) {
        try {
            send(frame);
            return true;
        } catch (java.util.concurrent.CompletionException e) {
            return false;
        }
    }

    public void send(Object message) {
        try {
            send(JSON.writeValueAsString(message));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next frame of this type (earlier frames of other types are skipped). */
    public JsonNode next(String type) {
        return next(frame -> type.equals(frame.path("type").asText()), "a \"" + type + "\" frame");
    }

    public JsonNode next(Predicate<JsonNode> wanted, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            while (System.nanoTime() < deadline) {
                JsonNode frame = frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (frame != null && wanted.test(frame)) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return fail("expected " + what + " within 10 s");
    }

    /** The next frame of this type within {@code millis}, or null. */
    public JsonNode poll(String type, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                JsonNode frame = frames.poll(left, TimeUnit.NANOSECONDS);
                if (frame != null && type.equals(frame.path("type").asText())) {
                    return frame;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** Asserts that no frame matching {@code unwanted} arrives within {@code millis}. */
    public void expectNone(Predicate<JsonNode> unwanted, long millis, String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                JsonNode frame = frames.poll(left, TimeUnit.NANOSECONDS);
                if (frame != null && unwanted.test(frame)) {
                    fail("unexpected " + what + ": " + frame);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the server's close and returns its code. */
    public int awaitClose() {
        try {
            Integer code = closed.get(15, TimeUnit.SECONDS);
            assertNotNull(code);
            return code;
        } catch (Exception e) {
            return fail("the server did not close the socket within 15 s");
        }
    }

    public String closeReason() {
        return closeReason;
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Drops the TCP connection without a close handshake (a network loss). */
    public void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null);
        }
        socket.abort();
    }

    // ---------------------------------------------------------------- WebSocket.Listener

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                frames.add(JSON.readTree(partial.toString()));
            } catch (Exception e) {
                frames.add(JSON.createObjectNode().put("type", "<unparseable>").put("raw", partial.toString()));
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(1006);
    }
}
