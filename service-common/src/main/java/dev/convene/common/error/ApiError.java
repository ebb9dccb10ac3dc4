package dev.convene.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The one error body every Convene service returns: a stable machine {@code code} clients
 * branch on, a human {@code message}, and per-field messages for validation failures.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ApiError(String code, String message, Map<String, String> fields) {

    public ApiError(String code, String message) {
        this(code, message, Map.of());
    }
}
