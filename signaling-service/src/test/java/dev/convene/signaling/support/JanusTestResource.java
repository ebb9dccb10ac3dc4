package dev.convene.signaling.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * For Quarkus tests that need the SFU: the two test Janus instances (see {@link JanusEnvironment})
 * are up before the application boots, and the application is configured with them.
 */
public final class JanusTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        try {
            return Map.of("convene.janus.urls", String.join(",", JanusEnvironment.ensureUp()));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Janus test environment did not start", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        // JanusEnvironment tears the instances down at the end of the test JVM (shared with other SFU tests).
    }
}
