package dev.convene.signaling.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** The one envelope of docs/events.md: {type, room, sender, target, id, timestamp, payload}. */
@ApplicationScoped
public class Envelopes {

    public static final String SERVICE = "signaling-service";

    private final ObjectMapper json;

    Envelopes(ObjectMapper json) {
        this.json = json;
    }

    public ObjectNode create(String type, String room, String sender, String target, JsonNode payload) {
        return create(type, room, sender, target, UUID.randomUUID().toString(), payload);
    }

    public ObjectNode create(String type, String room, String sender, String target, String id, JsonNode payload) {
        ObjectNode envelope = json.createObjectNode()
                .put("type", type)
                .put("room", room)
                .put("sender", sender);
        if (target == null) {
            envelope.putNull("target");
        } else {
            envelope.put("target", target);
        }
        envelope.put("id", id).put("timestamp", System.currentTimeMillis());
        envelope.set("payload", payload == null ? json.createObjectNode() : payload);
        return envelope;
    }
}
