package dev.convene.signaling.ws;

/**
 * The relayed fields of an offer, answer or candidate after {@code "from"}, closing the object,
 * as UTF-8 JSON ({@link ClientMessage#relayFrame}). Written straight into the frame the target
 * receives, so a relayed message is copied once, not built up piece by piece.
 */
public interface RelayTail {

    /**
     * Writes the tail into {@code out} from {@code at} on and returns the offset after it; with
     * {@code out} null it only returns where the tail would end.
     */
    int write(byte[] out, int at);

    /** A tail already serialised (the tree path's). */
    static RelayTail of(byte[] utf8) {
        return (out, at) -> {
            if (out != null) {
                System.arraycopy(utf8, 0, out, at, utf8.length);
            }
            return at + utf8.length;
        };
    }

    /** The tail's bytes (tests and logs). */
    static byte[] bytes(RelayTail tail) {
        byte[] utf8 = new byte[tail.write(null, 0)];
        tail.write(utf8, 0);
        return utf8;
    }
}
