package dev.convene.auth;

import dev.convene.common.PlatformContractTest;
import io.quarkus.test.junit.QuarkusTest;

/** Health, status, metrics, OpenAPI and JSON errors, against the real data stores. */
@QuarkusTest
class AuthPlatformTest extends PlatformContractTest {

    @Override
    protected String serviceName() {
        return "auth-service";
    }

    @Override
    protected String statusPath() {
        return "/api/auth/status";
    }

    @Override
    protected String[] requiredChecks() {
        return new String[] {"Database connections health check"};
    }

    @Override
    protected String unknownPath() {
        return "/api/auth/no-such-endpoint";
    }
}
