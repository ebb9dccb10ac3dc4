package dev.convene.chat;

import dev.convene.common.PlatformContractTest;
import io.quarkus.test.junit.QuarkusTest;

/** Health, status, metrics, OpenAPI and JSON errors, against the real data stores. */
@QuarkusTest
class ChatPlatformTest extends PlatformContractTest {

    @Override
    protected String serviceName() {
        return "chat-service";
    }

    @Override
    protected String statusPath() {
        return "/api/chat/status";
    }

    @Override
    protected String[] requiredChecks() {
        return new String[] {"Database connections health check", "Redis connection health check"};
    }

    @Override
    protected String unknownPath() {
        return "/api/chat/no-such-endpoint";
    }
}
