package dev.convene.room;

import dev.convene.common.PlatformContractTest;
import io.quarkus.test.junit.QuarkusTest;

/** Health, status, metrics, OpenAPI and JSON errors, against the real data stores. */
@QuarkusTest
class RoomPlatformTest extends PlatformContractTest {

    @Override
    protected String serviceName() {
        return "room-service";
    }

    @Override
    protected String statusPath() {
        return "/api/rooms/status";
    }

    @Override
    protected String[] requiredChecks() {
        return new String[] {"Database connections health check", "Redis connection health check"};
    }

    @Override
    protected String unknownPath() {
        return "/api/rooms/abc-defg-hij/no-such-endpoint";
    }
}
