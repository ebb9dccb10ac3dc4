package dev.convene.signaling.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The events signaling-service publishes on room channels ({p}:room:{slug}), human-scale
 * only: presence changes and ephemeral gestures. Every replica (this one included) turns them
 * into frames for its sockets of the room when they come back from Redis, so all participants
 * see them in the same order.
 */
@ApplicationScoped
public class SignalingEvents {

    public static final String JOINED = "presence.joined";
    public static final String LEFT = "presence.left";
    public static final String UPDATED = "presence.updated";
    public static final String MOVED = "presence.moved";
    public static final String REACTION = "ephemeral.reaction";
    public static final String SPEAKING = "ephemeral.speaking";
    /** AUTO media mode: a switch prepared or committed (payload: the room's ModeState). Not forwarded to clients as is. */
    public static final String MEDIA_MODE = "media.mode";
    /** AUTO media mode: a participant's new path is ready (payload: participantId, epoch). Between replicas only. */
    public static final String MEDIA_READY = "media.ready";

    private final EventPublisher publisher;
    private final Envelopes envelopes;
    private final RedisKeys keys;
    private final ObjectMapper json;

    SignalingEvents(EventPublisher publisher, Envelopes envelopes, RedisKeys keys, ObjectMapper json) {
        this.publisher = publisher;
        this.envelopes = envelopes;
        this.keys = keys;
        this.json = json;
    }

    /** presence.joined / presence.updated: the payload is the presence entry. */
    public void presence(String type, String room, String participantId, ObjectNode entry) {
        publish(type, room, participantId, entry);
    }

    public void left(String room, String participantId, String userId, String reason, String sender) {
        publish(LEFT, room, sender, json.createObjectNode()
                .put("participantId", participantId).put("userId", userId).put("reason", reason));
    }

    public void moved(String room, String participantId, String replica) {
        publish(MOVED, room, participantId, json.createObjectNode()
                .put("participantId", participantId).put("replica", replica));
    }

    public void ephemeral(String type, String room, String participantId, ObjectNode payload) {
        publish(type, room, participantId, payload.put("participantId", participantId));
    }

    /** media.mode / media.ready: coordination between the replicas of a room. */
    public void media(String type, String room, String sender, ObjectNode payload) {
        publish(type, room, sender, payload);
    }

    private void publish(String type, String room, String sender, ObjectNode payload) {
        publisher.publish(keys.roomChannel(room), envelopes.create(type, room, sender, null, payload).toString());
    }
}
