package dev.convene.signaling.events;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.UUID;

/**
 * The one envelope of docs/events.md: {type, room, sender, target, id, timestamp, payload}.
 * Relay between replicas is written and read by streaming (the payload is a client frame
 * already serialised, carried as raw JSON); human-scale events use trees.
 */
@Singleton // on the relay path: injected directly, no client proxy per call
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

    /** A signal.relay envelope (as {@link #create} would write it) around a serialised frame. */
    public String relay(String room, String sender, String target, String id, String frame) {
        StringWriter out = new StringWriter(frame.length() + 200);
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", "signal.relay");
            g.writeStringField("room", room);
            g.writeStringField("sender", sender);
            g.writeStringField("target", target);
            g.writeStringField("id", id);
            g.writeNumberField("timestamp", System.currentTimeMillis());
            g.writeFieldName("payload");
            g.writeRawValue(frame);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** What a replica needs of an envelope on its inbox channel; payload is raw JSON (object or array). */
    public record Inbound(String type, String room, String target, long timestamp, String payload) {
    }

    /** Reads an envelope by streaming (the payload is cut out of the text, not parsed into a tree); null if unreadable. */
    public Inbound read(String message) {
        String type = null;
        String room = null;
        String target = null;
        long timestamp = 0;
        String payload = null;
        try (JsonParser p = json.getFactory().createParser(message)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "type" -> type = p.getValueAsString();
                    case "room" -> room = p.getValueAsString();
                    case "target" -> target = p.getValueAsString();
                    case "timestamp" -> timestamp = p.getValueAsLong();
                    case "payload" -> {
                        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                            int start = (int) p.currentTokenLocation().getCharOffset();
                            p.skipChildren();
                            payload = message.substring(start, (int) p.currentLocation().getCharOffset());
                        } else {
                            payload = null;
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return type == null ? null : new Inbound(type, room, target, timestamp, payload);
    }
}
