package dev.convene.common.status;

import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Publishes the service's readiness under its public prefix ({@code convene.status.path}, e.g.
 * {@code /api/auth/status}) so the browser and the suite smoke test can check every service
 * through the one origin. Only check names and UP/DOWN are exposed, never check data (which
 * may hold hosts or error texts). 200 when UP, 503 otherwise.
 */
@ApplicationScoped
public class ServiceStatusRoute {

    @Inject
    SmallRyeHealthReporter health;

    @ConfigProperty(name = "quarkus.application.name")
    String serviceName;

    @ConfigProperty(name = "convene.status.path")
    Optional<String> path;

    void register(@Observes Router router) {
        path.ifPresent(p -> router.get(p).handler(this::handle));
    }

    private void handle(RoutingContext ctx) {
        health.getReadinessAsync().subscribe().with(
                report -> respond(ctx, report),
                failure -> ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("service", serviceName).put("status", "DOWN").encode()));
    }

    private void respond(RoutingContext ctx, SmallRyeHealth report) {
        JsonArray checks = new JsonArray();
        report.getPayload().getJsonArray("checks").forEach(value -> {
            jakarta.json.JsonObject check = value.asJsonObject();
            checks.add(new JsonObject().put("name", check.getString("name")).put("status", check.getString("status")));
        });
        JsonObject body = new JsonObject()
                .put("service", serviceName)
                .put("status", report.isDown() ? "DOWN" : "UP")
                .put("checks", checks);
        ctx.response()
                .setStatusCode(report.isDown() ? 503 : 200)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(body.encode());
    }
}
