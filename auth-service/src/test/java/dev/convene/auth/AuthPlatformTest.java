package dev.convene.auth;

import dev.convene.common.PlatformContractTest;
import io.quarkus.test.junit.QuarkusTest;

/** Health, status, metrics, OpenAPI and JSON errors, against the real data stores. */
@QuarkusTest
class AuthPlatformTest extends PlatformContractTest {

    AuthPlatformTest() {
        super("auth-service", "/api/auth/status", "/api/auth/no-such-endpoint", DATABASE);
    }
}
