package dev.convene.auth.service;

import java.util.Map;

/**
 * A rule that needs more than one field or the database (password policy) failed: answered
 * like a Bean Validation failure, 400 {@code validation_failed} with per-field messages.
 */
public class InvalidFieldsException extends RuntimeException {

    private final Map<String, String> fields;

    public InvalidFieldsException(String field, String message) {
        super("Some fields are invalid", null, false, false);
        this.fields = Map.of(field, message);
    }

    public Map<String, String> fields() {
        return fields;
    }
}
