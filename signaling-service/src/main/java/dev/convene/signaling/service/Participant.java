package dev.convene.signaling.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convene.signaling.security.RoomIdentity;
import dev.convene.signaling.ws.ClientMessage;
import dev.convene.signaling.ws.RateLimiter;
import dev.convene.signaling.ws.RoomSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One participant of a room held by this replica: its socket (absent during the reconnect
 * grace), what it shows the others, and its rate limit. Frames for it are queued until its
 * welcome is sent and during the grace, so nothing addressed to it overtakes the welcome.
 */
public final class Participant {

    /** goLive ignores failed writes, as it always did: the socket's close decides what happens next. */
    private static final Consumer<String> UNDELIVERED_AT_GO_LIVE = frame -> { };

    /** Lifecycle of the participant on this replica. */
    public enum Phase { JOINING, LIVE, SUSPENDED, GONE }

    private final String id;
    /** The id as a UTF-8 JSON string literal: the "from" of every frame relayed from this participant. */
    private final byte[] idLiteral;
    private final String userId;
    private final String name;
    private final String room;
    private final boolean guest;
    private final long joinedAt;
    private final MediaState state = new MediaState();
    private final RateLimiter rateLimiter;
    private final int maxQueued;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    /** Where a frame goes back when its write fails (one object per participant, not per frame). */
    private final Consumer<String> requeue = this::queue;
    private final Consumer<byte[]> requeueUtf8 = frame -> queue(new String(frame, StandardCharsets.UTF_8));

    private volatile String role;
    private volatile java.util.Set<String> grants;
    private volatile RoomSocket connection;
    private volatile Phase phase = Phase.JOINING;
    private volatile long lastActivityNanos = System.nanoTime();
    /** Set (with the reason others are told) when this participant ends for good: no grace. */
    private volatile String finalReason;
    private long graceTimer = -1;

    public Participant(String id, RoomIdentity identity, long joinedAt, RateLimiter rateLimiter, int maxQueued) {
        this.id = id;
        this.idLiteral = ClientMessage.literal(id);
        this.userId = identity.userId();
        this.name = identity.name();
        this.room = identity.room();
        this.guest = identity.guest();
        this.role = identity.role();
        this.grants = identity.grants();
        this.joinedAt = joinedAt;
        this.rateLimiter = rateLimiter;
        this.maxQueued = maxQueued;
    }

    public String id() {
        return id;
    }

    public byte[] idLiteral() {
        return idLiteral;
    }

    public String userId() {
        return userId;
    }

    public String name() {
        return name;
    }

    public String room() {
        return room;
    }

    public String role() {
        return role;
    }

    public boolean isHost() {
        return RoomIdentity.HOST.equals(role);
    }

    public java.util.Set<String> grants() {
        return grants;
    }

    public void updateIdentity(String role, java.util.Set<String> grants) {
        this.role = role;
        this.grants = grants;
    }

    public long joinedAt() {
        return joinedAt;
    }

    public MediaState state() {
        return state;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    public RoomSocket connection() {
        return connection;
    }

    public Phase phase() {
        return phase;
    }

    public void touch(long now) {
        lastActivityNanos = now;
    }

    public long idleNanos(long now) {
        return now - lastActivityNanos;
    }

    public boolean isFinal() {
        return finalReason != null;
    }

    public String finalReason() {
        return finalReason;
    }

    public void markFinal(String reason) {
        finalReason = reason;
    }

    synchronized long graceTimer() {
        return graceTimer;
    }

    synchronized void graceTimer(long timerId) {
        this.graceTimer = timerId;
    }

    /** The view others get (welcome list, participant-joined) and the presence entry's core. */
    public ObjectNode view(ObjectMapper json) {
        ObjectNode view = json.createObjectNode()
                .put("participantId", id)
                .put("userId", userId)
                .put("name", name)
                .put("role", role)
                .put("guest", guest)
                .put("joinedAt", joinedAt);
        state.writeTo(view);
        return view;
    }

    /**
     * Sends a frame now if the participant is live, otherwise queues it (bounded). A write that
     * fails because the socket just died is queued too: the participant may resume.
     */
    public void deliver(String frame) {
        RoomSocket socket = connection;
        if (phase == Phase.LIVE && socket != null) {
            socket.send(frame, requeue);
            return;
        }
        synchronized (this) {
            if (phase == Phase.LIVE && connection != null) {
                connection.send(frame, requeue);
            } else {
                queue(frame);
            }
        }
    }

    /** {@link #deliver(String)} for a frame given as UTF-8 JSON (relayed frames; queued as text). */
    public void deliver(byte[] frame) {
        RoomSocket socket = connection;
        if (phase == Phase.LIVE && socket != null) {
            socket.send(frame, requeueUtf8);
            return;
        }
        synchronized (this) {
            if (phase == Phase.LIVE && connection != null) {
                connection.send(frame, requeueUtf8);
            } else {
                requeueUtf8.accept(frame);
            }
        }
    }

    private synchronized void queue(String frame) {
        if (phase != Phase.GONE && queue.size() < maxQueued) {
            queue.add(frame);
        }
    }

    /** Attaches a socket, sends {@code first} (the welcome) and then everything queued. */
    public synchronized void goLive(RoomSocket socket, String first) {
        this.connection = socket;
        socket.send(first, UNDELIVERED_AT_GO_LIVE);
        String frame;
        while ((frame = queue.poll()) != null) {
            socket.send(frame, UNDELIVERED_AT_GO_LIVE);
        }
        lastActivityNanos = System.nanoTime();
        phase = Phase.LIVE;
    }

    /** The socket is gone but the participant may resume: queue frames from now on. */
    public synchronized boolean suspend(RoomSocket socket) {
        if (connection != socket || phase == Phase.GONE) {
            return false;
        }
        connection = null;
        phase = Phase.SUSPENDED;
        return true;
    }

    /** Frames queued during the grace (for a resume on another replica); the participant is gone. */
    public synchronized java.util.List<String> end() {
        phase = Phase.GONE;
        java.util.List<String> rest = java.util.List.copyOf(queue);
        queue.clear();
        return rest;
    }

    public void close(int code, String reason) {
        RoomSocket socket = connection;
        if (socket != null && socket.isOpen()) {
            socket.close(code, reason);
        }
    }
}
