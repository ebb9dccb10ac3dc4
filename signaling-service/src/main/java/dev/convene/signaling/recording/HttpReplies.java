package dev.convene.signaling.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

/** The JSON answers of the recording routes: {@code {code, message}} errors, never a stack trace. */
final class HttpReplies {

    private static final Logger LOG = Logger.getLogger(HttpReplies.class);

    private HttpReplies() {
    }

    static void error(ObjectMapper json, HttpServerResponse response, int status, String code, String message) {
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(json.createObjectNode().put("code", code).put("message", message).toString());
    }

    /** A failure nobody expected: logged with its incident, answered 500 if nothing was sent yet. */
    static void internal(ObjectMapper json, RoutingContext context, RuntimeException e) {
        LOG.errorf(e, "recording request %s failed", context.request().path());
        if (!context.response().headWritten()) {
            error(json, context.response(), 500, "internal_error", "Internal error");
        }
    }

    static void json(HttpServerResponse response, String body) {
        response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(body);
    }
}
