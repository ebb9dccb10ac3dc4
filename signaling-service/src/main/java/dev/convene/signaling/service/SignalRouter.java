package dev.convene.signaling.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Targeted P2P signaling (offer, answer, candidate): to a participant of the same room on this
 * replica directly, otherwise through Redis to the inbox channel of the replica holding it
 * ({p}:signal:replica:{id}), so a replica decodes only relay addressed to it. The target must
 * be in the sender's room, checked on both replicas. Runs on event loops: never blocks.
 */
@Singleton // on the relay path: injected directly, no client proxy per call
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
        route(sender, to, message.relayFrame(sender.idLiteral()), message.type(), receivedNanos);
    }

    /**
     * A frame the server writes on behalf of {@code sender} (e.g. {@code sfu.demand}) for {@code to},
     * a participant of the same room, wherever it is connected: the same path and per-sender order
     * as relayed signaling. Unreachable (left, another room): dropped without telling the sender,
     * who did not send anything itself.
     */
    public void sendAs(Participant sender, String to, String frame) {
        if (!to.equals(sender.id())) {
            route(sender, to, frame.getBytes(StandardCharsets.UTF_8), null, System.nanoTime());
        }
    }

    /** {@code refType}: the client message type an unknown target is reported for; null: report nothing. */
    private void route(Participant sender, String to, byte[] frame, String refType, long receivedNanos) {
        LocalRoom room = rooms.room(sender.room());
        if (room == null) {
            return; // the sender is leaving
        }
        Participant target = room.participant(to);
        if (target != null) {
            target.deliver(frame);
            metrics.relayedLocally(receivedNanos);
            return;
        }
        String targetReplica = room.routeOf(to);
        if (targetReplica != null && !targetReplica.equals(replica.id())) {
            toReplica(targetReplica, sender, to, frame);
            return;
        }
        lookUp(room, sender, to, frame, refType);
    }

    private void toReplica(String targetReplica, Participant sender, String to, byte[] frame) {
        String id = replica.id() + "-" + sequence.incrementAndGet();
        publisher.publish(keys.replicaInbox(targetReplica),
                envelopes.relay(sender.room(), sender.id(), to, id, new String(frame, StandardCharsets.UTF_8)));
    }

    /** Not known here yet (joined before this replica heard of it): ask the presence hash once. */
    private void lookUp(LocalRoom room, Participant sender, String to, byte[] frame, String refType) {
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
                if (refType != null) {
                    sender.deliver(messages.error("unknown_participant", "No participant " + to + " in this room", refType));
                }
                return;
            }
            room.route(to, targetReplica);
            toReplica(targetReplica, sender, to, frame);
        });
    }

    /** Relay (and resume hand-overs) addressed to this replica. */
    @Override
    public void onReplicaMessage(String message) {
        Envelopes.Inbound envelope = envelopes.read(message);
        if (envelope == null) {
            LOG.debug("Ignoring an unreadable inbox message");
            return;
        }
        if (RELAY.equals(envelope.type())) {
            Participant target = envelope.target() == null ? null : rooms.participant(envelope.target());
            if (target == null || !target.room().equals(envelope.room()) || envelope.payload() == null) {
                metrics.dropped();
                return;
            }
            target.deliver(envelope.payload());
            metrics.relayedFromReplica(envelope.timestamp());
        } else if (SessionService.RESUMED.equals(envelope.type()) && envelope.payload() != null) {
            try {
                JsonNode payload = json.readTree(envelope.payload());
                sessions.resumedElsewhere(payload.path("participantId").asText(), payload.path("replica").asText());
            } catch (IOException e) {
                LOG.debug("Ignoring an unreadable resume hand-over");
            }
        }
    }
}
