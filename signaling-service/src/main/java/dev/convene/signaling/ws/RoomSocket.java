package dev.convene.signaling.ws;

import dev.convene.signaling.service.Participant;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.util.function.Consumer;

/**
 * One {@code /ws/rooms/{slug}} connection: a plain Vert.x {@link ServerWebSocket} (see
 * {@link RoomRoute} for why not a websockets-next endpoint) plus the participant it carries once
 * joined. Small on purpose: one of these lives per connected participant. Text messages travel
 * the short path of {@link RoomFrames}; writes may come from any thread and keep their order.
 */
public final class RoomSocket {

    private final ServerWebSocket socket;
    private final String room;
    private RoomFrames frames;
    private volatile Participant participant;
    /** Set on the event loop as soon as Vert.x reports the close, before the leave is handled. */
    private volatile boolean closed;
    /** Only the heartbeat task ({@link IdleReaper}) reads and writes it. */
    private long lastPingNanos = System.nanoTime();

    RoomSocket(ServerWebSocket socket, String room) {
        this.socket = socket;
        this.room = room;
    }

    /** The room slug of the path ({@code /ws/rooms/{slug}}). */
    public String room() {
        return room;
    }

    /** The participant this connection joined as; null before the join (and after a refusal). */
    public Participant participant() {
        return participant;
    }

    public void attach(Participant participant) {
        this.participant = participant;
    }

    void frames(RoomFrames frames) {
        this.frames = frames;
    }

    /**
     * Sends one text message; {@code undelivered} gets it back if the socket is closed (or being
     * closed: Vert.x refuses writes once a close started) or the write fails.
     */
    public void send(String frame, Consumer<String> undelivered) {
        sendText(frame, undelivered);
    }

    /** {@link #send(String, Consumer)} for a frame given as UTF-8 JSON (relayed frames). */
    public void send(byte[] frame, Consumer<byte[]> undelivered) {
        sendText(frame, undelivered);
    }

    private <T> void sendText(T frame, Consumer<T> undelivered) {
        if (isClosed()) {
            undelivered.accept(frame);
        } else {
            frames.write(frame, undelivered);
        }
    }

    boolean pingDue(long now, long interval) {
        if (now - lastPingNanos < interval) {
            return false;
        }
        lastPingNanos = now;
        return true;
    }

    void ping() {
        socket.writePing(Buffer.buffer());
    }

    /** Closes with a code and reason of docs/signaling-protocol.md (no-op once closed). */
    public void close(int code, String reason) {
        if (!closed) {
            socket.close((short) code, reason);
        }
    }

    void markClosed() {
        closed = true;
    }

    public boolean isClosed() {
        return closed || socket.isClosed();
    }

    public boolean isOpen() {
        return !isClosed();
    }
}
