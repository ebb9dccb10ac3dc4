package dev.convene.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/**
 * {@code /ws/probe}: a token-less WebSocket the pre-join screen uses to check that signaling is
 * reachable through the user's network (proxies that break upgrades are common) and to
 * measure the round trip. Protocol: client sends {@code {"type":"ping","seq":n}}, server
 * answers {@code {"type":"pong","seq":n,"serverTime":ms}}; anything else gets an
 * {@code error} message and the connection stays open (see docs/signaling-protocol.md).
 */
@WebSocket(path = "/ws/probe")
public class ConnectivityProbeEndpoint {

    @Inject
    ObjectMapper json;

    @OnTextMessage
    String onMessage(String frame) {
        JsonNode message;
        try {
            message = json.readTree(frame);
        } catch (java.io.IOException e) {
            return error("malformed_message", "Frame is not valid JSON");
        }
        if (message == null || !message.isObject() || !"ping".equals(message.path("type").asText())) {
            return error("unknown_type", "Only {\"type\":\"ping\",\"seq\":<integer>} is understood here");
        }
        JsonNode seq = message.get("seq");
        if (seq == null || !seq.canConvertToLong()) {
            return error("invalid_field", "seq must be an integer");
        }
        ObjectNode pong = json.createObjectNode()
                .put("type", "pong")
                .put("seq", seq.asLong())
                .put("serverTime", System.currentTimeMillis());
        return pong.toString();
    }

    /**
     * Vert.x refuses a message above {@code quarkus.websockets-next.server.max-message-size}
     * with an IllegalStateException (it would close with 1011); answer with the standard
     * "message too big" close code instead.
     */
    @OnError
    Uni<Void> onOversize(IllegalStateException e, WebSocketConnection connection) {
        return connection.close(new CloseReason(CloseCodes.MESSAGE_TOO_BIG, "Message too big"));
    }

    private String error(String code, String message) {
        return json.createObjectNode().put("type", "error").put("code", code).put("message", message).toString();
    }
}
