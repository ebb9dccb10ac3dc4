package dev.convene.webui.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Plain unit tests of the routing table and upstream URL parsing. */
class RouteTableTest {

    private final RouteTable table = RouteTable.convene(
            Upstream.of("auth-service", URI.create("http://127.0.0.1:8081")),
            Upstream.of("room-service", URI.create("http://127.0.0.1:8082")),
            Upstream.of("signaling-service", URI.create("http://127.0.0.1:8083")),
            Upstream.of("chat-service", URI.create("http://127.0.0.1:8084")));

    @ParameterizedTest
    @CsvSource({
            "/api/auth/login, auth-service",
            "/api/auth, auth-service",
            "/api/admin/users, auth-service",
            "/api/admin/users/7/disable, auth-service",
            "/api/rooms/abc-defg-hij/join, room-service",
            "/api/admin/rooms, room-service",
            "/ws/rooms/abc-defg-hij, signaling-service",
            "/ws/status, signaling-service",
            "/api/chat/files/1, chat-service",
            "/api/admin/chat, chat-service",
    })
    void routesToTheOwningService(String path, String service) {
        assertEquals(service, table.resolve(path).orElseThrow().upstream().name());
    }

    @ParameterizedTest
    @ValueSource(strings = { "/", "/api", "/api/", "/api/authx", "/api/admin", "/api/admin/usersx", "/wsx", "/m/abc",
            "/assets/index.js", "/q/health" })
    void leavesEverythingElseAlone(String path) {
        assertTrue(table.resolve(path).isEmpty(), path);
    }

    @Test
    void upstreamUrlsAreValidated() {
        Upstream u = Upstream.of("x", URI.create("https://chat.internal"));
        assertEquals(443, u.port());
        assertTrue(u.ssl());
        assertEquals(80, Upstream.of("x", URI.create("http://[::1]")).port());
        assertEquals("::1", Upstream.of("x", URI.create("http://[::1]:9000/")).host());
        assertThrows(IllegalArgumentException.class, () -> Upstream.of("x", URI.create("ftp://host")));
        assertThrows(IllegalArgumentException.class, () -> Upstream.of("x", URI.create("http://host:1/base")));
        assertThrows(IllegalArgumentException.class, () -> Upstream.of("x", URI.create("127.0.0.1:8081")));
    }
}
