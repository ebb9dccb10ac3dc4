package dev.convene.k8s;

import java.util.List;
import java.util.Map;

/**
 * A render with every optional part switched on (src/test/resources/values/all-features.yaml):
 * in-cluster PostgreSQL and Redis with a password, ServiceMonitor, SMTP, bootstrap admin,
 * previous signing keys, Secrets created from explicitly given test values, a recordings volume.
 */
final class AllFeatures {

    private AllFeatures() {
    }

    static Rendered render() {
        return Chart.render(List.of(Chart.testValues("all-features.yaml")), Map.of());
    }
}
