package dev.convene.auth.rest;

import dev.convene.common.error.ErrorCodes;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses declared bodies over {@code convene.auth.max-request-bytes} with a JSON 413 before
 * anything reads them. quarkus.http.limits.max-body-size stays as the hard limit for bodies
 * without a Content-Length; Quarkus answers that one before any route, with an empty body.
 */
@ApplicationScoped
public class RequestSizeLimit {

    private final long maxBytes;

    public RequestSizeLimit(@ConfigProperty(name = "convene.auth.max-request-bytes", defaultValue = "65536") long maxBytes) {
        this.maxBytes = maxBytes;
    }

    void register(@Observes Router router) {
        router.route().order(-1000).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        String declared = ctx.request().getHeader("Content-Length");
        if (declared != null && exceeds(declared)) {
            ctx.response()
                    .setStatusCode(413)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Connection", "close")
                    .end(new JsonObject()
                            .put("code", ErrorCodes.PAYLOAD_TOO_LARGE)
                            .put("message", "Request bodies are limited to " + maxBytes / 1024 + " KiB")
                            .encode());
            return;
        }
        ctx.next();
    }

    private boolean exceeds(String declared) {
        try {
            return Long.parseLong(declared.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false; // Vert.x refuses malformed lengths itself
        }
    }
}
