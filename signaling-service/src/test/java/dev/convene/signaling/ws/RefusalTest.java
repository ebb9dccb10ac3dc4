package dev.convene.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convene.signaling.support.RoomTokens;
import dev.convene.signaling.support.Rooms;
import dev.convene.signaling.support.SignalingClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Sockets without a usable room token are accepted only to be closed with a 4xxx code the
 * browser can read (docs/signaling-protocol.md); foreign origins never get an upgrade.
 */
@QuarkusTest
class RefusalTest {

    @TestHTTPResource("/")
    URI base;

    private void assertRefused(String room, String token, int code, String reason) {
        try (SignalingClient client = SignalingClient.join(base, room, token)) {
            assertEquals(code, client.awaitClose());
            assertEquals(reason, client.closeReason());
            client.expectNone(f -> "welcome".equals(f.path("type").asText()), 100, "welcome");
        }
    }

    @Test
    void missingTokenIsClosedWith4401() {
        assertRefused(Rooms.slug(), null, 4401, "missing_token");
    }

    @Test
    void tokenSignedByAnotherKeyIsClosedWith4401() throws Exception {
        String room = Rooms.slug();
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String forged = Jwt.issuer("convene-rooms").audience("convene-room").subject(Rooms.user())
                .claim("name", "Mallory").claim("room", room).claim("role", "host").claim("grants", List.of("moderate"))
                .expiresAt(Instant.now().plusSeconds(300))
                .jws().keyId("test-room-key").sign(generator.generateKeyPair().getPrivate());
        assertRefused(room, forged, 4401, "invalid_token");
    }

    @Test
    void garbageTokenIsClosedWith4401() {
        assertRefused(Rooms.slug(), "not-a-jwt", 4401, "invalid_token");
    }

    @Test
    void expiredTokenIsClosedWith4401TokenExpired() {
        String room = Rooms.slug();
        String expired = RoomTokens.mint(room, Rooms.user(), "Late", "participant", List.of("publish"),
                Instant.now().minusSeconds(600));
        assertRefused(room, expired, 4401, "token_expired");
    }

    @Test
    void tokenOfAnotherIssuerIsClosedWith4401() {
        String room = Rooms.slug();
        String accessToken = Jwt.issuer("convene-auth").audience("convene-room").subject(Rooms.user())
                .claim("name", "Eve").claim("room", room).claim("role", "participant")
                .expiresAt(Instant.now().plusSeconds(300))
                .jws().keyId("test-room-key").sign(RoomTokens.privateKey());
        assertRefused(room, accessToken, 4401, "invalid_token");
    }

    @Test
    void tokenForAnotherRoomIsClosedWith4403() {
        String other = Rooms.slug();
        assertRefused(Rooms.slug(), RoomTokens.participant(other, Rooms.user(), "Dave"), 4403, "wrong_room");
    }

    @Test
    void foreignOriginGetsHttp403BeforeAnyUpgrade() {
        String room = Rooms.slug();
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "ws/rooms/" + room);
        CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> HttpClient.newHttpClient().newWebSocketBuilder()
                        .header("Origin", "https://evil.example")
                        .subprotocols("convene.v1", "access_token." + RoomTokens.participant(room, Rooms.user(), "Eve"))
                        .buildAsync(uri, new WebSocket.Listener() { })
                        .orTimeout(10, TimeUnit.SECONDS).join());
        assertTrue(refused.getCause() instanceof WebSocketHandshakeException, "refused at the handshake: " + refused.getCause());
        assertEquals(403, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
    }

    @Test
    void validTokenIsWelcomed() {
        String room = Rooms.slug();
        try (SignalingClient client = SignalingClient.join(base, room, RoomTokens.participant(room, Rooms.user(), "Erin"))) {
            assertEquals(room, client.next("welcome").get("room").asText());
            assertFalse(client.isClosed());
        }
    }
}
