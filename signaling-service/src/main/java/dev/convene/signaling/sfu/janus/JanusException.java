package dev.convene.signaling.sfu.janus;

/**
 * Janus refused a request: a core error ({@code {"janus":"error","error":{code,reason}}}) or a
 * plugin error ({@code plugindata.data.error_code/error}). Codes: Janus' own (458 no such
 * session, 403 unauthorized, …) and the videoroom's (426 no such room, 427 room exists,
 * 428 no such feed, …).
 */
public class JanusException extends RuntimeException {

    private final int code;

    public JanusException(int code, String reason) {
        super("Janus error " + code + ": " + reason);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
