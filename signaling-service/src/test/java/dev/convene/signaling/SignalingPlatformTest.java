package dev.convene.signaling;

import dev.convene.common.PlatformContractTest;
import io.quarkus.test.junit.QuarkusTest;

/** Health, status, metrics, OpenAPI and JSON errors, against the real data stores. */
@QuarkusTest
class SignalingPlatformTest extends PlatformContractTest {

    @Override
    protected String serviceName() {
        return "signaling-service";
    }

    @Override
    protected String statusPath() {
        return "/ws/status";
    }

    @Override
    protected String[] requiredChecks() {
        return new String[] {"Redis connection health check"};
    }

    @Override
    protected String unknownPath() {
        return "/ws/no-such-endpoint";
    }
}
