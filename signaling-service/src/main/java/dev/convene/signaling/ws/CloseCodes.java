package dev.convene.signaling.ws;

/** WebSocket close codes used by signaling-service (documented in docs/signaling-protocol.md). */
public final class CloseCodes {
    /** RFC 6455: a message exceeded the size limit. */
    public static final int MESSAGE_TOO_BIG = 1009;

    private CloseCodes() {
    }
}
