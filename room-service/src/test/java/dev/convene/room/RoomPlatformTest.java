package dev.convene.room;

import dev.convene.common.PlatformContractTest;
import io.quarkus.test.junit.QuarkusTest;

/** Health, status, metrics, OpenAPI and JSON errors, against the real data stores. */
@QuarkusTest
class RoomPlatformTest extends PlatformContractTest {

    RoomPlatformTest() {
        super("room-service", "/api/rooms/status", "/api/rooms/abc-defg-hij/no-such-endpoint", DATABASE, REDIS);
    }
}
