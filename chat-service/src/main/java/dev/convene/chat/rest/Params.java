package dev.convene.chat.rest;

import dev.convene.chat.service.ChatErrors;
import java.util.UUID;

/** Path and query parameters parsed here, so bad input gets our JSON codes, not JAX-RS' 404. */
final class Params {

    private Params() {
    }

    static UUID messageId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ChatErrors.messageNotFound();
        }
    }

    static UUID fileId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ChatErrors.fileNotFound();
        }
    }

    static Long optionalLong(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ChatErrors.invalid(name, "must be a number");
        }
    }

    static Integer optionalInt(String name, String value) {
        Long number = optionalLong(name, value);
        if (number != null && (number > Integer.MAX_VALUE || number < Integer.MIN_VALUE)) {
            throw ChatErrors.invalid(name, "is out of range");
        }
        return number == null ? null : number.intValue();
    }
}
