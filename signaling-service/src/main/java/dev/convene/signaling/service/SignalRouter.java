package dev.convene.signaling.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convene.signaling.events.Envelopes;
import dev.convene.signaling.events.EventPublisher;
import dev.convene.signaling.events.RedisGateway;
import dev.convene.signaling.events.RedisKeys;
import dev.convene.signaling.events.RedisSubscriber;
import dev.convene.signaling.metrics.SignalingMetrics;
import dev.convene.signaling.ws.ClientMessage;
import dev.convene.signaling.ws.ServerMessages;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Targeted P2P signaling (offer, answer, candidate): to a participant of the same room on this
 * replica directly, otherwise through Redis to the inbox channel of the replica holding it
 * ({p}:signal:replica:{id}), so a replica decodes only relay addressed to it. The target must
 * be in the sender's room, checked on both replicas. Runs on event loops: never blocks.
 */
@ApplicationScoped
public class SignalRouter implements RedisSubscriber.InboundListener {

    public static final String RELAY = "signal.relay";
    private static final Logger LOG = Logger.getLogger(SignalRouter.class);

    @Inject
    LocalRooms rooms;
    @Inject
    Replica replica;
    @Inject
    EventPublisher publisher;
    @Inject
    RedisGateway redis;
    @Inject
    RedisKeys keys;
    @Inject
    Envelopes envelopes;
    @Inject
    ServerMessages messages;
    @Inject
    SignalingMetrics metrics;
    @Inject
    SessionService sessions;
    @Inject
    ObjectMapper json;

    private final AtomicLong sequence = new AtomicLong();

    /** Relays a validated offer/answer/candidate from {@code sender}. */
    public void relay(Participant sender, ClientMessage message, long receivedNanos) {
        String to = message.to();
        if (to.equals(sender.id())) {
            sender.deliver(messages.error("invalid_field", "A participant cannot signal itself", message.type()));
            return;
        }
        LocalRoom room = rooms.room(sender.room());
        if (room == null) {
            return; // the sender is leaving
        }
        ObjectNode frame = outgoing(sender.id(), message);
        Participant target = room.participant(to);
        if (target != null) {
            target.deliver(frame.toString());
            metrics.relayedLocally(receivedNanos);
            return;
        }
        String targetReplica = room.routeOf(to);
        if (targetReplica != null && !targetReplica.equals(replica.id())) {
            toReplica(targetReplica, sender, to, frame);
            return;
        }
        lookUp(room, sender, to, frame, message.type());
    }

    /** Only the validated fields travel, with the sender's id in place of the target's. */
    private ObjectNode outgoing(String from, ClientMessage message) {
        ObjectNode in = message.body();
        ObjectNode out = messages.object(message.type()).put("from", from);
        switch (message.type()) {
            case ClientMessage.OFFER -> out.put("sdp", in.get("sdp").textValue())
                    .put("iceRestart", in.path("iceRestart").asBoolean(false));
            case ClientMessage.ANSWER -> out.put("sdp", in.get("sdp").textValue());
            default -> out.set("candidate", candidate(in.get("candidate")));
        }
        return out;
    }

    private JsonNode candidate(JsonNode in) {
        if (in.isNull()) {
            return in;
        }
        ObjectNode out = json.createObjectNode().put("candidate", in.get("candidate").textValue());
        for (String field : new String[] {"sdpMid", "sdpMLineIndex", "usernameFragment"}) {
            if (in.has(field)) {
                out.set(field, in.get(field));
            }
        }
        return out;
    }

    private void toReplica(String targetReplica, Participant sender, String to, ObjectNode frame) {
        String id = replica.id() + "-" + sequence.incrementAndGet();
        publisher.publish(keys.replicaInbox(targetReplica),
                envelopes.create(RELAY, sender.room(), sender.id(), to, id, frame).toString());
    }

    /** Not known here yet (joined before this replica heard of it): ask the presence hash once. */
    private void lookUp(LocalRoom room, Participant sender, String to, ObjectNode frame, String type) {
        redis.send(Request.cmd(Command.HGET).arg(keys.presence(sender.room())).arg(to)).onComplete(result -> {
            String targetReplica = null;
            if (result.succeeded() && result.result() != null) {
                try {
                    targetReplica = json.readTree(result.result().toString()).path("replica").asText(null);
                } catch (IOException e) {
                    targetReplica = null;
                }
            }
            if (targetReplica == null || targetReplica.equals(replica.id())) {
                metrics.dropped();
                sender.deliver(messages.error("unknown_participant", "No participant " + to + " in this room", type));
                return;
            }
            room.route(to, targetReplica);
            toReplica(targetReplica, sender, to, frame);
        });
    }

    /** Relay (and resume hand-overs) addressed to this replica. */
    @Override
    public void onReplicaMessage(String message) {
        JsonNode envelope;
        try {
            envelope = json.readTree(message);
        } catch (IOException e) {
            LOG.debug("Ignoring an unreadable inbox message");
            return;
        }
        String type = envelope.path("type").asText();
        if (RELAY.equals(type)) {
            Participant target = rooms.participant(envelope.path("target").asText());
            if (target == null || !target.room().equals(envelope.path("room").asText())) {
                metrics.dropped();
                return;
            }
            target.deliver(envelope.path("payload").toString());
            metrics.relayedFromReplica(envelope.path("timestamp").asLong());
        } else if (SessionService.RESUMED.equals(type)) {
            JsonNode payload = envelope.path("payload");
            sessions.resumedElsewhere(payload.path("participantId").asText(), payload.path("replica").asText());
        }
    }
}
