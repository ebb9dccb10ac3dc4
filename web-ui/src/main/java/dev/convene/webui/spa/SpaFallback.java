package dev.convene.webui.spa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.convene.webui.http.JsonErrors;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * History-API fallback for the single-page client: a GET/HEAD for a client route that no
 * static file matched (e.g. a meeting link /m/{slug}) is answered with index.html, so deep
 * links and reloads work. Runs after Quarkus' static-resource handler; real files never get
 * here, and file-like paths that do not exist stay 404. Unknown /api and /ws paths get a JSON
 * 404 (the project's error shape) instead of Quarkus' default page.
 */
@ApplicationScoped
public class SpaFallback {

    static final String INDEX = "/index.html";

    void register(@Observes Router router) {
        router.route()
                .order(RouteConstants.ROUTE_ORDER_AFTER_DEFAULT)
                .method(HttpMethod.GET)
                .method(HttpMethod.HEAD)
                .handler(this::handle);
    }

    void handle(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (INDEX.equals(path)) {
            // Only reached when the client bundle is missing: avoid rerouting forever.
            rc.next();
            return;
        }
        if (path.equals("/api") || path.startsWith("/api/") || path.equals("/ws") || path.startsWith("/ws/")) {
            JsonErrors.send(rc.response(), 404, "not_found", "No service answers " + path);
            return;
        }
        if (!ClientRoutes.isClientRoute(path)) {
            rc.next();
            return;
        }
        // The page itself must always be revalidated so a new deployment is picked up;
        // its hashed /assets/* are immutable.
        rc.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        rc.reroute(INDEX);
    }
}
