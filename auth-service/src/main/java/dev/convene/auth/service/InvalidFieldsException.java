package dev.convene.auth.service;

import dev.convene.common.error.ApiException;
import dev.convene.common.error.ErrorCodes;
import java.util.Map;

/**
 * A rule that needs more than one field or the database (password policy) failed: answered
 * like a Bean Validation failure, 400 {@code validation_failed} with per-field messages.
 */
public class InvalidFieldsException extends ApiException {

    public InvalidFieldsException(String field, String message) {
        super(400, ErrorCodes.VALIDATION_FAILED, "Some fields are invalid", Map.of(field, message), Map.of());
    }
}
