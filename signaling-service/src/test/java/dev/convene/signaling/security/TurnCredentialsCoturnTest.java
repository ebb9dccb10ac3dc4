package dev.convene.signaling.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.convene.signaling.support.RoomTokens;
import dev.convene.signaling.support.Rooms;
import dev.convene.signaling.support.SignalingClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The welcome's TURN credential works against a real coturn (started here on a spare loopback
 * port with use-auth-secret and the same shared secret): turnutils_uclient allocates with it
 * (exit 0) and fails with a tampered one (exit 255, "Cannot complete Allocation").
 */
@QuarkusTest
class TurnCredentialsCoturnTest {

    private static Process coturn;
    private static int port;
    private static Path dir;

    @TestHTTPResource("/")
    URI base;

    @ConfigProperty(name = "convene.turn.secret")
    String secret;

    @BeforeAll
    static void startCoturn() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        dir = Files.createTempDirectory("coturn-test");
        String turnSecret = RoomTokens.generatedConfig().getProperty("convene.turn.secret");
        coturn = new ProcessBuilder("turnserver", "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
                "--listening-port=" + port, "--use-auth-secret", "--static-auth-secret=" + turnSecret,
                "--realm=convene", "--no-tls", "--no-dtls", "--allow-loopback-peers", "--no-cli",
                "--min-port=49400", "--max-port=49440", "--log-file=stdout", "--simple-log",
                "--pidfile=" + dir.resolve("turnserver.pid"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("turnserver.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("coturn did not start: " + Files.readString(dir.resolve("turnserver.log")));
    }

    @AfterAll
    static void stopCoturn() throws Exception {
        if (coturn != null) {
            coturn.destroy();
            if (!coturn.waitFor(5, TimeUnit.SECONDS)) {
                coturn.destroyForcibly();
            }
        }
    }

    private static int allocate(String username, String credential) throws Exception {
        Process client = new ProcessBuilder("turnutils_uclient", "-u", username, "-w", credential,
                "-y", "-n", "5", "-m", "1", "-p", String.valueOf(port), "127.0.0.1")
                .redirectErrorStream(true).redirectOutput(dir.resolve("uclient.log").toFile()).start();
        assertTrue(client.waitFor(30, TimeUnit.SECONDS), "turnutils_uclient did not finish");
        return client.exitValue();
    }

    @Test
    void welcomeCredentialAllocatesARelayAndATamperedOneDoesNot() throws Exception {
        String room = Rooms.slug();
        String userId = Rooms.user();
        JsonNode turn;
        try (SignalingClient client = SignalingClient.join(base, room, RoomTokens.participant(room, userId, "Tess"))) {
            JsonNode servers = client.next("welcome").get("iceServers");
            assertEquals("stun:127.0.0.1:3478", servers.get(0).get("urls").get(0).asText());
            turn = servers.get(1);
        }
        List<String> urls = List.of(turn.get("urls").get(0).asText(), turn.get("urls").get(1).asText());
        assertEquals(List.of("turn:127.0.0.1:3478?transport=udp", "turn:127.0.0.1:3478?transport=tcp"), urls);
        String username = turn.get("username").asText();
        long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
        long inHours = (expiry - System.currentTimeMillis() / 1000) / 3600;
        assertTrue(inHours >= 11 && inHours <= 12, "expires in the configured 12 h, got " + inHours + " h");

        assertEquals(0, allocate(username, turn.get("credential").asText()),
                () -> "coturn refused the welcome's credential: " + log());
        assertEquals(255, allocate(username, TurnCredentials.sign(secret + "x", username)));
        String expired = (System.currentTimeMillis() / 1000 - 60) + ":" + userId;
        assertEquals(255, allocate(expired, TurnCredentials.sign(secret, expired)), "an expired credential");
    }

    private static String log() {
        try {
            return Files.readString(dir.resolve("uclient.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
