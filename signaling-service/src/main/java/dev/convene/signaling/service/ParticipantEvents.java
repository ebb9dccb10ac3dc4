package dev.convene.signaling.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convene.signaling.events.SignalingEvents;
import dev.convene.signaling.presence.PresenceStore;
import dev.convene.signaling.ws.ClientMessage;
import dev.convene.signaling.ws.ServerMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What a participant announces to its room: media state and raised hand (kept in presence, so
 * later joiners see it), reactions and speaking hints (ephemeral: only those present get them).
 */
@ApplicationScoped
public class ParticipantEvents {

    static final String GRANT_PUBLISH = "publish";
    static final String GRANT_SCREEN = "screen";

    @Inject
    PresenceStore presence;
    @Inject
    SignalingEvents events;
    @Inject
    ServerMessages messages;
    @Inject
    ObjectMapper json;

    public void state(Participant participant, ClientMessage message) {
        ObjectNode body = message.body();
        boolean media = body.path("mic").asBoolean(false) || body.path("camera").asBoolean(false);
        if (media && !participant.grants().contains(GRANT_PUBLISH)
                || body.path("screen").asBoolean(false) && !participant.grants().contains(GRANT_SCREEN)) {
            participant.deliver(messages.error("forbidden", "Your room token does not allow this", message.type()));
            return;
        }
        participant.state().apply(body);
        ObjectNode entry = presence.entry(participant);
        presence.put(participant);
        events.presence(SignalingEvents.UPDATED, participant.room(), participant.id(), entry);
    }

    public void reaction(Participant participant, ClientMessage message) {
        events.ephemeral(SignalingEvents.REACTION, participant.room(), participant.id(),
                json.createObjectNode().put("emoji", message.body().get("emoji").textValue()));
    }

    public void speaking(Participant participant, ClientMessage message) {
        ObjectNode payload = json.createObjectNode().put("speaking", message.body().get("speaking").booleanValue());
        if (message.body().has("level")) {
            payload.put("level", message.body().get("level").asDouble());
        }
        events.ephemeral(SignalingEvents.SPEAKING, participant.room(), participant.id(), payload);
    }
}
