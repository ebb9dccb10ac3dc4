package dev.convene.signaling.sfu;

/**
 * An SFU operation that could not be done, with a stable code the WebSocket layer can put
 * into its {@code error} message (docs/sfu.md, "Errors").
 */
public class SfuException extends RuntimeException {

    /** No Janus instance can serve the room now (all down, or none configured). */
    public static final String UNAVAILABLE = "sfu_unavailable";
    /** The participant has not joined the SFU (or left it). */
    public static final String NOT_JOINED = "sfu_not_joined";
    /** Janus refused the request (e.g. an SDP it cannot use). */
    public static final String REJECTED = "sfu_rejected";
    /** The operation failed for another reason (timeout, internal error). */
    public static final String FAILED = "sfu_failed";

    private final String code;

    public SfuException(String code, String message) {
        super(message);
        this.code = code;
    }

    public SfuException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
