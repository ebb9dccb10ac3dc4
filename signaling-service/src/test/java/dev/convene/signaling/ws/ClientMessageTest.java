package dev.convene.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
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
            "{\"type\":\"candidate\",\"to\":\"p\",\"candidate\":{\"candidate\":\"c\",\"sdpMid\":null,\"sdpMLineIndex\":0}}",
            "{\"type\":\"state\",\"mic\":false}",
            "{\"type\":\"state\",\"mic\":true,\"camera\":true,\"screen\":false,\"hand\":true}",
            "{\"type\":\"reaction\",\"emoji\":\"👍\"}",
            "{\"type\":\"speaking\",\"speaking\":false}",
            "{\"type\":\"speaking\",\"speaking\":true,\"level\":0.7}",
            "{\"type\":\"leave\"}"})
    void validMessages(String frame) {
        assertTrue(ClientMessage.parse(JSON, frame).isValid(), frame);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{|malformed_message",
            "null|malformed_message",
            "\"offer\"|malformed_message",
            "{\"type\":null}|malformed_message",
            "{\"type\":\"nope\"}|unknown_type",
            "{\"type\":\"sfu.subscribe\"}|not_supported",
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
        assertEquals(code, ClientMessage.parse(JSON, frame).errorCode(), frame);
    }
}
