package dev.convene.webui.spa;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientRoutesTest {

    @ParameterizedTest
    @ValueSource(strings = { "/", "/m/abc-defg-hij", "/m/abc-defg-hij/", "/login", "/reset-password", "/apix", "/wsx/y",
            "/query" })
    void clientRoutes(String path) {
        assertTrue(ClientRoutes.isClientRoute(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api", "/api/auth/me", "/ws", "/ws/rooms/x", "/q", "/q/health", "/assets/app.js",
            "/favicon.ico", "/m/a.b", "", "relative" })
    void notClientRoutes(String path) {
        assertFalse(ClientRoutes.isClientRoute(path), path);
    }
}
