package dev.convene.signaling.security;

/**
 * Outcome of checking a room token for a socket: either an identity, or the close code and
 * reason the socket is refused with (docs/signaling-protocol.md, "Close codes").
 */
public record TokenCheck(RoomIdentity identity, int closeCode, String reason) {

    static TokenCheck accepted(RoomIdentity identity) {
        return new TokenCheck(identity, 0, null);
    }

    static TokenCheck refused(int closeCode, String reason) {
        return new TokenCheck(null, closeCode, reason);
    }

    public boolean isAccepted() {
        return identity != null;
    }
}
