package dev.convene.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convene.signaling.support.RoomTokens;
import dev.convene.signaling.support.Rooms;
import dev.convene.signaling.support.SignalingClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Frame size, validation, rate limit and idle timeout. %test settings: 50 msg/s, burst 60,
 * close after 100 drops in 10 s; idle timeout 4 s with server pings every 1 s.
 */
@QuarkusTest
class LimitsTest {

    @TestHTTPResource("/")
    URI base;

    private SignalingClient joined(String room) {
        SignalingClient client = SignalingClient.join(base, room, RoomTokens.participant(room, Rooms.user(), "Tester"));
        client.next("welcome");
        return client;
    }

    @Test
    void malformedAndInvalidMessagesGetErrorsAndTheConnectionStays() {
        try (SignalingClient client = joined(Rooms.slug())) {
            String[][] cases = {
                    {"{not json", "malformed_message"},
                    {"[1,2,3]", "malformed_message"},
                    {"{\"type\":42}", "malformed_message"},
                    {"{\"type\":\"teleport\"}", "unknown_type"},
                    {"{\"type\":\"sfu.publish\"}", "invalid_field"},
                    {"{\"type\":\"sfu.subscribe\"}", "unknown_type"},
                    {"{\"type\":\"sfu.layers\",\"layers\":[{\"mid\":\"1\",\"substream\":3}]}", "invalid_field"},
                    {"{\"type\":\"media-stats\",\"peers\":-1,\"sendKbps\":0}", "invalid_field"},
                    {"{\"type\":\"offer\",\"sdp\":\"v=0\"}", "invalid_field"},
                    {"{\"type\":\"offer\",\"to\":\"x\",\"sdp\":7}", "invalid_field"},
                    {"{\"type\":\"offer\",\"to\":\"x\",\"sdp\":\"v=0\",\"iceRestart\":\"yes\"}", "invalid_field"},
                    {"{\"type\":\"answer\",\"to\":\"x\"}", "invalid_field"},
                    {"{\"type\":\"candidate\",\"to\":\"x\"}", "invalid_field"},
                    {"{\"type\":\"candidate\",\"to\":\"x\",\"candidate\":{\"sdpMid\":\"0\"}}", "invalid_field"},
                    {"{\"type\":\"candidate\",\"to\":\"x\",\"candidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":-1}}", "invalid_field"},
                    {"{\"type\":\"state\"}", "invalid_field"},
                    {"{\"type\":\"state\",\"mic\":\"on\"}", "invalid_field"},
                    {"{\"type\":\"reaction\",\"emoji\":\"\"}", "invalid_field"},
                    {"{\"type\":\"speaking\",\"speaking\":true,\"level\":3}", "invalid_field"},
                    {"{\"type\":\"ping\",\"seq\":\"one\"}", "invalid_field"},
            };
            for (String[] c : cases) {
                client.send(c[0]);
                assertEquals(c[1], client.next("error").get("code").asText(), "for " + c[0]);
            }
            client.send(Map.of("type", "ping", "seq", 1));
            assertEquals(1, client.next("pong").get("seq").asInt());
            assertFalse(client.isClosed());
        }
    }

    @Test
    void oversizeFrameClosesWith1009() {
        try (SignalingClient client = joined(Rooms.slug())) {
            client.send("{\"type\":\"offer\",\"to\":\"x\",\"sdp\":\"" + "a".repeat(70_000) + "\"}");
            assertEquals(1009, client.awaitClose());
        }
    }

    @Test
    void excessIsDroppedWithAnErrorAndSustainedExcessClosesWith1008() {
        try (SignalingClient client = joined(Rooms.slug())) {
            for (int i = 0; i < 80; i++) {
                client.send("{\"type\":\"ping\",\"seq\":" + i + "}");
            }
            assertEquals("rate_limited", client.next("error").get("code").asText());
            assertFalse(client.isClosed(), "a burst over the limit is dropped, not punished");
            for (int i = 0; i < 200 && client.trySend("{\"type\":\"ping\",\"seq\":" + i + "}"); i++) {
                // keep flooding until the server closes
            }
            assertEquals(1008, client.awaitClose());
            assertEquals("rate_limited", client.closeReason());
        }
    }

    /** A peer that stops answering (no pong to the server's pings) is closed with 4408. */
    @Test
    void silentPeerIsClosedAfterTheIdleTimeout() throws Exception {
        String room = Rooms.slug();
        String token = RoomTokens.participant(room, Rooms.user(), "Silent");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ws/rooms/" + room + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(new byte[16]) + "\r\n"
                    + "Sec-WebSocket-Protocol: convene.v1, access_token." + token + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String status = readLine(in);
            assertTrue(status.contains("101"), status);
            while (!readLine(in).isEmpty()) {
                // skip headers
            }
            long started = System.nanoTime();
            int pings = 0;
            while (true) { // read frames, never answer: welcome, pings, then the close
                int opcode = in.readUnsignedByte() & 0x0f;
                int length = in.readUnsignedByte() & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = (int) in.readLong();
                }
                byte[] payload = in.readNBytes(length);
                if (opcode == 0x9) {
                    pings++;
                }
                if (opcode == 0x8) {
                    int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
                    assertEquals(4408, code);
                    assertEquals("idle_timeout", new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8));
                    break;
                }
            }
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            assertTrue(pings >= 2, "the server pings while waiting (got " + pings + ")");
            assertTrue(seconds >= 3 && seconds <= 8, "closed after " + seconds + " s (idle timeout 4 s)");
        }
    }

    private static String readLine(DataInputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
