package dev.convene.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Pure logic: every client message type's validation (docs/signaling-protocol.md). */
class ClientMessageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"ping\"}",
            "{\"type\":\"ping\",\"seq\":3}",
            "{\"type\":\"offer\",\"to\":\"p\",\"sdp\":\"v=0\"}",
            "{\"type\":\"offer\",\"to\":\"p\",\"sdp\":\"v=0\",\"iceRestart\":true}",
            "{\"type\":\"answer\",\"to\":\"p\",\"sdp\":\"v=0\"}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":null}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"é😀 c\",\"sdpMid\":\"é\"}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"a\\ud800b \\/ \\u0041\",\"usernameFragment\":\"\\t\"}}",
            "{\"type\":\"answer\",\"to\":\"p\",\"sdp\":\"\\\\\"}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\",\"sdpMid\":null,\"sdpMLineIndex\":0}}",
            "{\"type\":\"state\",\"mic\":false}",
            "{\"type\":\"state\",\"mic\":true,\"camera\":true,\"screen\":false,\"hand\":true}",
            "{\"type\":\"reaction\",\"emoji\":\"👍\"}",
            "{\"type\":\"speaking\",\"speaking\":false}",
            "{\"type\":\"speaking\",\"speaking\":true,\"level\":0.7}",
            "{\"type\":\"leave\"}",
            "{\"type\":\"sfu.join\"}",
            "{\"type\":\"sfu.leave\"}",
            "{\"type\":\"sfu.unpublish\"}",
            "{\"type\":\"sfu.publish\",\"sdp\":\"v=0\",\"streams\":[{\"mid\":\"0\",\"source\":\"mic\"},{\"mid\":\"1\",\"source\":\"camera\"}]}",
            "{\"type\":\"sfu.answer\",\"offerId\":3,\"sdp\":\"v=0\"}",
            "{\"type\":\"sfu.candidate\",\"pc\":\"subscriber\",\"candidate\":null}",
            "{\"type\":\"sfu.candidate\",\"pc\":\"publisher\",\"candidate\":{\"candidate\":\"c\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}",
            "{\"type\":\"sfu.layers\",\"layers\":[{\"mid\":\"3\",\"substream\":2},{\"mid\":\"5\",\"substream\":0,\"temporal\":1}]}",
            "{\"type\":\"media-mode-ready\",\"mode\":\"sfu\",\"complete\":false,\"waitedMs\":6000}",
            "{\"type\":\"media-p2p-failed\",\"peer\":\"p\"}",
            "{\"type\":\"media-stats\",\"peers\":3,\"sendKbps\":2400}",
            "{\"type\":\"media-stats\",\"peers\":3,\"sendKbps\":2400,\"availableKbps\":800,\"lossRate\":0.02}"})
    void validMessages(String frame) {
        assertTrue(parse(frame).isValid(), frame);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{|malformed_message",
            "null|malformed_message",
            "\"offer\"|malformed_message",
            "{\"type\":null}|malformed_message",
            "{\"type\":\"nope\"}|unknown_type",
            "{\"type\":\"sfu.subscribe\"}|unknown_type",
            "{\"type\":\"sfu.publish\",\"sdp\":\"v=0\"}|invalid_field",
            "{\"type\":\"sfu.publish\",\"sdp\":\"v=0\",\"streams\":[]}|invalid_field",
            "{\"type\":\"sfu.publish\",\"sdp\":\"v=0\",\"streams\":[{\"mid\":\"0\",\"source\":\"webcam\"}]}|invalid_field",
            "{\"type\":\"sfu.publish\",\"sdp\":\"\",\"streams\":[{\"mid\":\"0\",\"source\":\"mic\"}]}|invalid_field",
            "{\"type\":\"sfu.answer\",\"offerId\":-1,\"sdp\":\"v=0\"}|invalid_field",
            "{\"type\":\"sfu.answer\",\"offerId\":\"1\",\"sdp\":\"v=0\"}|invalid_field",
            "{\"type\":\"sfu.candidate\",\"pc\":\"both\",\"candidate\":null}|invalid_field",
            "{\"type\":\"sfu.candidate\",\"pc\":\"publisher\"}|invalid_field",
            "{\"type\":\"sfu.layers\",\"layers\":[]}|invalid_field",
            "{\"type\":\"sfu.layers\",\"layers\":[{\"substream\":1}]}|invalid_field",
            "{\"type\":\"sfu.layers\",\"layers\":[{\"mid\":\"1\",\"substream\":1,\"temporal\":9}]}|invalid_field",
            "{\"type\":\"media-mode-ready\",\"mode\":\"mesh\",\"complete\":true,\"waitedMs\":1}|invalid_field",
            "{\"type\":\"media-mode-ready\",\"mode\":\"sfu\",\"waitedMs\":1}|invalid_field",
            "{\"type\":\"media-p2p-failed\"}|invalid_field",
            "{\"type\":\"media-stats\",\"peers\":1}|invalid_field",
            "{\"type\":\"media-stats\",\"peers\":1,\"sendKbps\":1,\"lossRate\":2}|invalid_field",
            "{\"type\":\"offer\",\"to\":\"\",\"sdp\":\"v=0\"}|invalid_field",
            "{\"type\":\"offer\",\"to\":\"p\",\"sdp\":\"\"}|invalid_field",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":\"c\"}|invalid_field",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\",\"sdpMid\":1}}|invalid_field",
            "{\"type\":\"state\",\"hand\":1}|invalid_field",
            "{\"type\":\"reaction\"}|invalid_field",
            "{\"type\":\"reaction\",\"emoji\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}|invalid_field",
            "{\"type\":\"speaking\"}|invalid_field",
            "{\"type\":\"speaking\",\"speaking\":true,\"level\":-0.1}|invalid_field",
            "{\"type\":\"ping\",\"seq\":1.5}|invalid_field"})
    void invalidMessages(String frame, String code) {
        assertEquals(code, parse(frame).errorCode(), frame);
    }

    /**
     * offer/answer/candidate take the streaming fast path (RelayParser); the tree validation is
     * the reference: same verdict, same error message, same relayed text, for every case.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"offer\",\"to\":\"p\",\"sdp\":\"v=0\"}",
            "{\"sdp\":\"v=0\\r\\na=x \\\"q\\\" \\u00e9 \\u2028 \u00e9\",\"to\":\"p\",\"type\":\"offer\",\"iceRestart\":true,\"x\":[1,{\"a\":2}]}",
            "{\"type\":\"offer\",\"to\":\"p\",\"sdp\":\"v=0\",\"iceRestart\":null}",
            "{\"type\":\"offer\",\"to\":\"p\",\"sdp\":\"v=0\",\"iceRestart\":\"yes\"}",
            "{\"type\":\"offer\",\"to\":5,\"sdp\":7,\"iceRestart\":1}",
            "{\"type\":\"offer\",\"sdp\":\"v=0\"}",
            "{\"type\":\"offer\",\"to\":\"\",\"sdp\":\"\"}",
            "{\"type\":\"offer\",\"to\":\"p\",\"sdp\":\"\"}",
            "{\"type\":\"offer\",\"to\":\"0123456789012345678901234567890123456789012345678901234567890123\",\"sdp\":\"s\"}",
            "{\"type\":\"offer\",\"to\":\"01234567890123456789012345678901234567890123456789012345678901234\",\"sdp\":\"s\"}",
            "{\"type\":\"offer\",\"to\":\"a\",\"to\":\"b\",\"sdp\":\"1\",\"sdp\":\"2\"}",
            "{\"type\":\"offer\",\"to\":\"p\",\"sdp\":\"v=0\"} trailing",
            "{\"type\":\"ping\",\"type\":\"offer\",\"to\":\"p\",\"sdp\":\"v=0\"}",
            "{\"type\":\"offer\",\"to\":\"p\",\"sdp\":\"v=0\",\"type\":7}",
            "{\"type\":\"answer\",\"to\":\"p\",\"sdp\":\"v=0\",\"iceRestart\":\"ignored\"}",
            "{\"type\":\"answer\",\"to\":\"p\"}",
            "{\"type\":\"answer\",\"to\":[],\"sdp\":{}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":null}",
            "{\"type\":\"candidate\",\"to\":\"p\"}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":\"c\"}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":[\"c\"]}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"\"}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\",\"extra\":{\"deep\":[1]},\"sdpMid\":\"0\"}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"usernameFragment\":\"u\",\"sdpMLineIndex\":3,\"sdpMid\":\"1\",\"candidate\":\"c\"}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\",\"sdpMid\":null,\"sdpMLineIndex\":null,\"usernameFragment\":null}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":-1}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":-0}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":1.0}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":\"1\"}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":4294967296}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":2147483648}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\",\"sdpMLineIndex\":123456789012345678901234567890}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\",\"usernameFragment\":false}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":7}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\"},\"candidate\":null}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":null,\"candidate\":{\"candidate\":\"c\",\"sdpMid\":\"a\",\"sdpMid\":\"b\"}}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\"}",
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\"}}}",
            "{\"type\":\"offer\",\"to\":\"p\",\"sdp\":\"v=0\",}",
            "[{\"type\":\"offer\",\"to\":\"p\",\"sdp\":\"v=0\"}]",
            "",
            "{\"type\":\"ping\",\"seq\":1}",
            "{\"type\":\"sfu.publish\",\"to\":\"p\"}"})
    void relayFastPathAgreesWithTheTreeValidation(String frame) {
        ClientMessage fast = parse(frame);
        ClientMessage tree = ClientMessage.parseTree(JSON, utf8(frame));
        assertEquals(tree.errorCode(), fast.errorCode(), frame);
        assertEquals(tree.errorMessage(), fast.errorMessage(), frame);
        assertEquals(tree.type(), fast.type(), frame);
        assertEquals(tree.to(), fast.to(), frame);
        assertEquals(tail(tree), tail(fast), frame);
        if (fast.isRelay()) {
            byte[] from = ClientMessage.literal("from-\"id\"");
            assertEquals(text(tree.relayFrame(from)), text(fast.relayFrame(from)), frame);
        }
    }

    /**
     * Thousands of frames mutated at random, byte by byte (seeded, so a failure repeats): the
     * scanner must never accept what the tree path refuses nor relay anything else than it.
     */
    @org.junit.jupiter.api.Test
    void relayFastPathAgreesWithTheTreeOnMutatedFrames() {
        String[] seeds = {
                "{\"type\":\"candidate\",\"to\":\"p-1\",\"candidate\":{\"sdpMid\":\"0\",\"sdpMLineIndex\":0,"
                        + "\"usernameFragment\":\"sXo4\",\"candidate\":\"candidate:1 1 udp 2122260223 10.0.0.5 54321 typ host\"}}",
                "{\"type\":\"offer\",\"to\":\"p-2\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\ns=\u00e9\",\"iceRestart\":true}",
                "{ \"type\" : \"answer\" , \"to\" : \"p\" , \"sdp\" : \"v=0 \\u00e9 \\\" \\/\" , \"x\" : [1, -2.5e3, null] }",
                "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":null,\"n\":-0.0,\"b\":false}"};
        byte[] alphabet = "{}[]\":,\\ /tfnrbu0123456789-+.eEacdinops\t\n".getBytes(StandardCharsets.US_ASCII);
        byte[] from = ClientMessage.literal("from");
        java.util.Random random = new java.util.Random(20261121);
        int scanned = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] frame = mutate(utf8(seeds[round % seeds.length]), random, alphabet, 1 + random.nextInt(3));
            ClientMessage fast = ClientMessage.parse(JSON, frame);
            ClientMessage tree = ClientMessage.parseTree(JSON, frame);
            String label = new String(frame, StandardCharsets.ISO_8859_1);
            assertEquals(tree.errorCode(), fast.errorCode(), label);
            assertEquals(tree.errorMessage(), fast.errorMessage(), label);
            assertEquals(tree.type(), fast.type(), label);
            assertEquals(tree.to(), fast.to(), label);
            assertEquals(tail(tree), tail(fast), label);
            if (fast.isRelay()) {
                assertEquals(text(tree.relayFrame(from)), text(fast.relayFrame(from)), label);
            }
            if (RelayParser.parse(frame) != null) {
                scanned++;
            }
        }
        assertTrue(scanned > 2_000, "the scanner decided " + scanned + " of the mutated frames itself");
    }

    private static byte[] mutate(byte[] frame, java.util.Random random, byte[] alphabet, int mutations) {
        byte[] out = frame;
        for (int m = 0; m < mutations; m++) {
            int at = random.nextInt(out.length + 1);
            byte[] next;
            switch (random.nextInt(4)) {
                case 0 -> { // delete a byte
                    if (at == out.length) {
                        continue;
                    }
                    next = new byte[out.length - 1];
                    System.arraycopy(out, 0, next, 0, at);
                    System.arraycopy(out, at + 1, next, at, out.length - at - 1);
                }
                case 1, 2 -> { // insert a JSON-ish byte, or now and then any byte (control, non-ASCII, broken UTF-8)
                    byte inserted = random.nextInt(8) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
                    next = new byte[out.length + 1];
                    System.arraycopy(out, 0, next, 0, at);
                    next[at] = inserted;
                    System.arraycopy(out, at, next, at + 1, out.length - at);
                }
                default -> { // replace a byte
                    if (at == out.length) {
                        continue;
                    }
                    next = out.clone();
                    next[at] = alphabet[random.nextInt(alphabet.length)];
                }
            }
            out = next;
        }
        return out;
    }

    /** Frames are parsed as UTF-8 bytes: broken UTF-8 is not JSON text (no U+FFFD relayed on). */
    @org.junit.jupiter.api.Test
    void aFrameThatIsNotUtf8IsMalformed() {
        byte[] frame = utf8("{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c#\"}}");
        int at = new String(frame, StandardCharsets.UTF_8).indexOf('#');
        for (byte broken : new byte[] {(byte) 0xFF, (byte) 0xC0, (byte) 0x80}) {
            frame[at] = broken;
            ClientMessage message = ClientMessage.parse(JSON, frame);
            assertEquals("malformed_message", message.errorCode());
            assertFalse(message.isRelay());
        }
    }

    @org.junit.jupiter.api.Test
    void relayedFramesCarryOnlyTheProtocolFieldsWithTheSender() throws Exception {
        ClientMessage offer = parse("{\"type\":\"offer\",\"to\":\"b\",\"sdp\":\"v=0\",\"extra\":1}");
        assertEquals("{\"type\":\"offer\",\"from\":\"a\",\"sdp\":\"v=0\",\"iceRestart\":false}", relayed(offer, "a"));
        ClientMessage candidate = parse(
                "{\"to\":\"b\",\"candidate\":{\"x\":1,\"sdpMLineIndex\":0,\"candidate\":\"c \\\"q\\\"\"},\"type\":\"candidate\"}");
        assertEquals("b", candidate.to());
        assertEquals("{\"type\":\"candidate\",\"from\":\"a\",\"candidate\":{\"candidate\":\"c \\\"q\\\"\",\"sdpMLineIndex\":0}}",
                relayed(candidate, "a"));
        assertFalse(JSON.readTree(relayed(candidate, "a")).at("/candidate").has("x"));
    }

    private static ClientMessage parse(String frame) {
        return ClientMessage.parse(JSON, utf8(frame));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] utf8) {
        return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
    }

    private static String relayed(ClientMessage message, String from) {
        return text(message.relayFrame(ClientMessage.literal(from)));
    }

    private static String tail(ClientMessage message) {
        return message.relayTail() == null ? null : text(RelayTail.bytes(message.relayTail()));
    }
}
