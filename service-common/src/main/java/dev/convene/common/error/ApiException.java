package dev.convene.common.error;

/**
 * Thrown by service code to answer with a specific status and error code. Carries no stack
 * trace: it is a normal outcome (a refusal), not a fault.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
