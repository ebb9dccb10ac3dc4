package dev.convene.webui.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only if the built browser client (index.html from the Vite build) is on the
 * classpath: without it, web-ui would serve nothing useful.
 */
@Readiness
@ApplicationScoped
public class ClientBundleCheck implements HealthCheck {

    static final String INDEX = "META-INF/resources/index.html";

    @Override
    public HealthCheckResponse call() {
        boolean present = Thread.currentThread().getContextClassLoader().getResource(INDEX) != null;
        return HealthCheckResponse.named("client-bundle")
                .status(present)
                .withData("index", INDEX)
                .build();
    }
}
