package dev.convene.signaling.ws;

/** WebSocket close codes used by signaling-service (documented in docs/signaling-protocol.md). */
public final class CloseCodes {
    /** RFC 6455: the participant left ({"type":"leave"}). */
    public static final int NORMAL = 1000;
    /** RFC 6455: this replica is shutting down; resume on another one within the grace. */
    public static final int GOING_AWAY = 1001;
    /** RFC 6455: sustained excess over the per-connection rate limit. */
    public static final int POLICY_VIOLATION = 1008;
    /** RFC 6455: a message exceeded the size limit. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** RFC 6455: an unexpected server failure (e.g. Redis unreachable during the join). */
    public static final int INTERNAL_ERROR = 1011;
    /** Missing, invalid or expired room token (reason says which). */
    public static final int UNAUTHORIZED = 4401;
    /** A valid token for another room. */
    public static final int FORBIDDEN = 4403;
    /** No frame (not even a pong) within the idle timeout. */
    public static final int IDLE_TIMEOUT = 4408;
    /** The room is at its maxParticipants. */
    public static final int ROOM_FULL = 4409;
    /** A host removed this participant's user from the meeting. */
    public static final int REMOVED = 4410;
    /** The meeting ended (by a host, an admin, or the room was deleted). */
    public static final int ROOM_ENDED = 4411;
    /** The participant resumed on another connection; this one is obsolete. */
    public static final int REPLACED = 4412;

    private CloseCodes() {
    }
}
