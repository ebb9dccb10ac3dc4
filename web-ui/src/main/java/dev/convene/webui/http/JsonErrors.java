package dev.convene.webui.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** The project-wide error shape: {@code {"code":"machine_code","message":"human text"}}. */
public final class JsonErrors {

    public static final String CONTENT_TYPE = "application/json; charset=utf-8";

    private JsonErrors() {
    }

    public static String body(String code, String message) {
        return new JsonObject().put("code", code).put("message", message).encode();
    }

    /** Ends the response with the error, unless something was already written. */
    public static void send(HttpServerResponse response, int status, String code, String message) {
        if (response.headWritten() || response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(body(code, message));
    }
}
