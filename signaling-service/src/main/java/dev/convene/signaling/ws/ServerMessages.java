package dev.convene.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;

/** Builders for the server → client frames of docs/signaling-protocol.md. */
@Singleton // on the relay path: injected directly, no client proxy per call
public class ServerMessages {

    private final ObjectMapper json;

    ServerMessages(ObjectMapper json) {
        this.json = json;
    }

    public ObjectNode object(String type) {
        return json.createObjectNode().put("type", type);
    }

    public String error(String code, String message) {
        return object("error").put("code", code).put("message", message).toString();
    }

    public String error(String code, String message, String messageType) {
        return object("error").put("code", code).put("message", message).put("ref", messageType).toString();
    }

    public String pong(JsonNode seq) {
        ObjectNode pong = object("pong");
        if (seq != null && seq.isIntegralNumber()) {
            pong.put("seq", seq.asLong());
        }
        return pong.put("serverTime", System.currentTimeMillis()).toString();
    }

    public String participantJoined(JsonNode participant) {
        ObjectNode frame = object("participant-joined");
        frame.set("participant", participant);
        return frame.toString();
    }

    public String participantUpdated(JsonNode participant) {
        ObjectNode frame = object("participant-updated");
        frame.set("participant", participant);
        return frame.toString();
    }

    public String participantLeft(String participantId, String reason) {
        return object("participant-left").put("participantId", participantId).put("reason", reason).toString();
    }

    /** A presence entry as clients see it: the replica is an internal detail. */
    public ObjectNode publicView(JsonNode entry) {
        ObjectNode view = entry.deepCopy();
        view.remove("replica");
        return view;
    }
}
