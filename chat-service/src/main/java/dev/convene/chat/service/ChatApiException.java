package dev.convene.chat.service;

import dev.convene.common.error.ApiException;
import java.util.Map;

/** An {@link ApiException} that also carries response headers and per-field messages. */
public class ChatApiException extends ApiException {

    private final Map<String, String> headers;
    private final Map<String, String> fields;

    public ChatApiException(int status, String code, String message, Map<String, String> headers,
            Map<String, String> fields) {
        super(status, code, message);
        this.headers = headers;
        this.fields = fields;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Map<String, String> fields() {
        return fields;
    }
}
