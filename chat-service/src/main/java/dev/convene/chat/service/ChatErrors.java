package dev.convene.chat.service;

import dev.convene.common.error.ApiException;
import dev.convene.common.error.ErrorCodes;
import java.util.Map;

/** chat-service's error codes (docs/chat-service.md) and the exceptions that carry them. */
public final class ChatErrors {
    public static final String WRONG_ROOM = "wrong_room";
    public static final String MISSING_GRANT = "missing_grant";
    public static final String NOT_AUTHOR = "not_author";
    public static final String MESSAGE_NOT_FOUND = "message_not_found";
    public static final String FILE_NOT_FOUND = "file_not_found";
    public static final String CLIENT_ID_CONFLICT = "client_id_conflict";
    public static final String MESSAGE_DELETED = "message_deleted";
    public static final String NOT_EDITABLE = "message_not_editable";
    public static final String RANGE_NOT_SATISFIABLE = "range_not_satisfiable";
    public static final String REMOVED = "removed_from_meeting";

    /** seconds a client should wait before retrying when storage is unavailable */
    public static final int RETRY_AFTER_SECONDS = 2;

    private ChatErrors() {
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, ErrorCodes.UNAUTHORIZED, message, Map.of(), Map.of("WWW-Authenticate", "Bearer"));
    }

    public static ApiException wrongRoom() {
        return new ApiException(403, WRONG_ROOM, "The room token is for another room");
    }

    public static ApiException removed() {
        return new ApiException(403, REMOVED, "A host removed you from this meeting");
    }

    public static ApiException missingGrant(String grant) {
        return new ApiException(403, MISSING_GRANT, "The room token does not grant '" + grant + "'");
    }

    public static ApiException invalid(String field, String message) {
        return new ApiException(400, ErrorCodes.VALIDATION_FAILED, "Some fields are invalid", Map.of(field, message),
                Map.of());
    }

    public static ApiException messageNotFound() {
        return new ApiException(404, MESSAGE_NOT_FOUND, "No such message in this room");
    }

    public static ApiException fileNotFound() {
        return new ApiException(404, FILE_NOT_FOUND, "No such file");
    }

    public static ApiException payloadTooLarge(long maxBytes) {
        return new ApiException(413, ErrorCodes.PAYLOAD_TOO_LARGE, "The body exceeds " + maxBytes + " bytes");
    }

    public static ApiException storageUnavailable() {
        return new ApiException(503, ErrorCodes.UNAVAILABLE,
                "Chat storage is unavailable; retry with the same client id",
                Map.of(), Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)));
    }
}
