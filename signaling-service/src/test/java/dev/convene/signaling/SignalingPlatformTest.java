package dev.convene.signaling;

import dev.convene.common.PlatformContractTest;
import io.quarkus.test.junit.QuarkusTest;

/** Health, status, metrics, OpenAPI and JSON errors, against the real data stores. */
@QuarkusTest
class SignalingPlatformTest extends PlatformContractTest {

    SignalingPlatformTest() {
        super("signaling-service", "/ws/status", "/ws/no-such-endpoint", REDIS);
    }
}
