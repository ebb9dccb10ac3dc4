package dev.convene.chat;

import dev.convene.common.PlatformContractTest;
import io.quarkus.test.junit.QuarkusTest;

/** Health, status, metrics, OpenAPI and JSON errors, against the real data stores. */
@QuarkusTest
class ChatPlatformTest extends PlatformContractTest {

    ChatPlatformTest() {
        super("chat-service", "/api/chat/status", "/api/chat/no-such-endpoint", DATABASE, REDIS);
    }
}
