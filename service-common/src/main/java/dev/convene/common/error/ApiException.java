package dev.convene.common.error;

import java.time.Duration;
import java.util.Map;

/**
 * Thrown by service code to answer with a specific status and error code, optionally with
 * per-field messages and response headers (e.g. Retry-After). Carries no stack trace: it is a
 * normal outcome (a refusal), not a fault.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> fields;
    private final Map<String, String> headers;

    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of(), Map.of());
    }

    /** With per-field messages (400) and/or response headers (WWW-Authenticate, Retry-After). */
    public ApiException(int status, String code, String message, Map<String, String> fields, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.fields = Map.copyOf(fields);
        this.headers = Map.copyOf(headers);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Per-field messages (400 validation failures), empty otherwise. */
    public Map<String, String> fields() {
        return fields;
    }

    /** Extra response headers. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The Retry-After header for a wait: whole seconds, at least one. */
    protected static Map<String, String> retryAfter(Duration wait) {
        return Map.of("Retry-After", String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000)));
    }
}
