package dev.convene.signaling.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convene.signaling.service.Participant;
import dev.convene.signaling.service.SignalRouter;
import dev.convene.signaling.sfu.IceCandidate;
import dev.convene.signaling.sfu.LayerChoice;
import dev.convene.signaling.sfu.MediaEvent;
import dev.convene.signaling.sfu.PeerConnectionRole;
import dev.convene.signaling.sfu.SerialQueue;
import dev.convene.signaling.sfu.SfuException;
import dev.convene.signaling.sfu.SfuPeer;
import dev.convene.signaling.sfu.SfuPeerListener;
import dev.convene.signaling.sfu.SfuSessions;
import dev.convene.signaling.sfu.StreamDescription;
import dev.convene.signaling.sfu.SubscriberOffer;
import dev.convene.signaling.ws.ClientMessage;
import dev.convene.signaling.ws.ServerMessages;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The {@code sfu.*} messages of the meeting WebSocket (docs/sfu.md) on top of {@link SfuSessions}:
 * a validated client message becomes a call, its outcome a {@code sfu.*} reply or an
 * {@code error} whose {@code ref} is the message type; what Janus has to say (subscriber offers,
 * restarts) reaches the participant through its {@link Participant#deliver queue}, so it waits
 * out a reconnect like any other frame.
 *
 * <p>Each participant's SFU operations run one at a time, in arrival order: a {@code sfu.leave}
 * followed at once by {@code sfu.join} (the client rebuilding failed connections) must not see
 * the join overtake the leave.
 */
@ApplicationScoped
public class SfuSignals implements MediaModes.SfuRejoin {

    private static final Logger LOG = Logger.getLogger(SfuSignals.class);
    static final String GRANT_PUBLISH = "publish";
    static final String GRANT_SCREEN = "screen";

    @Inject
    SfuSessions sfu;
    @Inject
    MediaModes modes;
    @Inject
    ServerMessages messages;
    @Inject
    ObjectMapper json;
    @Inject
    SignalRouter router;

    private final Map<String, SerialQueue> queues = new ConcurrentHashMap<>();

    /** One validated {@code sfu.*} message of a live participant (event loop; never blocks). */
    public void handle(Participant participant, ClientMessage message) {
        ObjectNode body = message.body();
        String type = message.type();
        switch (type) {
            case ClientMessage.SFU_JOIN -> join(participant, type, false);
            case ClientMessage.SFU_PUBLISH -> publish(participant, body, type);
            case ClientMessage.SFU_UNPUBLISH -> run(participant, type, () -> sfu.unpublish(participant.id()), null);
            case ClientMessage.SFU_ANSWER -> run(participant, type,
                    () -> sfu.answer(participant.id(), body.get("offerId").asLong(), body.get("sdp").textValue()), null);
            case ClientMessage.SFU_CANDIDATE -> run(participant, type, () -> sfu.trickle(participant.id(),
                    "publisher".equals(body.get("pc").textValue()) ? PeerConnectionRole.PUBLISHER : PeerConnectionRole.SUBSCRIBER,
                    candidate(body.get("candidate"))), null);
            case ClientMessage.SFU_LAYERS -> run(participant, type, () -> sfu.selectLayers(participant.id(), layers(body)), null);
            case ClientMessage.SFU_LEAVE -> run(participant, type, () -> sfu.leave(participant.id()), null);
            default -> participant.deliver(messages.error("unknown_type", "Unknown message type", type));
        }
    }

    /** The participant left the meeting: out of SFU mode too (its Janus session goes). */
    public void left(Participant participant) {
        queueOf(participant).submit(() -> sfu.leave(participant.id()));
        queues.remove(participant.id());
    }

    /**
     * Dynacast: tells {@code publisherId} (same room, any replica) which layer of its camera
     * {@code subscriber} wants now, {@code {"type":"sfu.demand","from":<subscriber>,"layer":0|1|2|null}}
     * (null: no longer received). Through the relay path, so it keeps the order of the subscriber's
     * other demands; dropped if the publisher is gone.
     */
    public void demand(Participant subscriber, String publisherId, Integer layer) {
        router.sendAs(subscriber, publisherId, messages.object("sfu.demand").put("from", subscriber.id()).put("layer", layer).toString());
    }

    /** After a move between replicas (see {@link MediaModes#joined}): join here, then tell the client to restart. */
    @Override
    public void rejoin(Participant participant) {
        join(participant, ClientMessage.SFU_JOIN, true);
    }

    private void join(Participant participant, String type, boolean restart) {
        if (modes.fixedP2p(participant.room())) {
            participant.deliver(messages.error("sfu_not_allowed", "This meeting is fixed to peer-to-peer media", type));
            return;
        }
        run(participant, type, () -> sfu.join(new SfuPeer(participant.room(), participant.id(), new Listener(participant))),
                ignored -> participant.deliver(restart
                        ? messages.object("sfu.restart").put("reason", "resumed").toString()
                        : messages.object("sfu.joined").toString()));
    }

    private void publish(Participant participant, ObjectNode body, String type) {
        List<StreamDescription> streams = new ArrayList<>();
        boolean media = false;
        boolean screen = false;
        for (JsonNode stream : body.get("streams")) {
            String source = stream.get("source").textValue();
            streams.add(new StreamDescription(stream.get("mid").textValue(), source));
            media |= !"screen".equals(source);
            screen |= "screen".equals(source);
        }
        if (media && !participant.grants().contains(GRANT_PUBLISH) || screen && !participant.grants().contains(GRANT_SCREEN)) {
            participant.deliver(messages.error("forbidden", "Your room token does not allow this", type));
            return;
        }
        String sdp = body.get("sdp").textValue();
        run(participant, type, () -> sfu.publish(participant.id(), sdp, streams), answer -> {
            ObjectNode frame = messages.object("sfu.published").put("sdp", answer.sdp());
            ArrayNode list = frame.putArray("streams");
            answer.streams().forEach(s -> list.addObject().put("mid", s.mid()).put("kind", s.kind()).put("source", s.source())
                    .put("simulcast", s.simulcast()));
            participant.deliver(frame.toString());
        });
    }

    /** Runs one operation after the participant's previous ones; a failure becomes an error frame. */
    private <T> void run(Participant participant, String type, Supplier<Uni<T>> operation, java.util.function.Consumer<T> onSuccess) {
        queueOf(participant).submit(operation).subscribe().with(result -> {
            if (onSuccess != null) {
                onSuccess.accept(result);
            }
        }, failure -> {
            String code = failure instanceof SfuException sfuFailure ? sfuFailure.code() : SfuException.FAILED;
            if (SfuException.UNAVAILABLE.equals(code)) {
                modes.sfuUnavailable(participant.room());
            }
            LOG.debugf("%s of %s failed: %s", type, participant.id(), failure.getMessage());
            participant.deliver(messages.error(code, userMessage(code), type));
        });
    }

    private SerialQueue queueOf(Participant participant) {
        return queues.computeIfAbsent(participant.id(), id -> new SerialQueue());
    }

    /** Stable, short texts: Janus' own messages (ids, URLs) stay in the log. */
    private static String userMessage(String code) {
        return switch (code) {
            case SfuException.UNAVAILABLE -> "The media server is not available right now";
            case SfuException.NOT_JOINED -> "Send sfu.join first";
            case SfuException.REJECTED -> "The media server refused this request";
            default -> "The media server request failed";
        };
    }

    private static IceCandidate candidate(JsonNode candidate) {
        if (candidate == null || candidate.isNull()) {
            return null;
        }
        JsonNode mid = candidate.get("sdpMid");
        JsonNode index = candidate.get("sdpMLineIndex");
        return new IceCandidate(candidate.get("candidate").textValue(), mid != null && mid.isTextual() ? mid.textValue() : null,
                index != null && index.isIntegralNumber() ? index.asInt() : null);
    }

    private static List<LayerChoice> layers(ObjectNode body) {
        List<LayerChoice> layers = new ArrayList<>();
        for (JsonNode layer : body.get("layers")) {
            layers.add(new LayerChoice(layer.get("mid").textValue(), layer.get("substream").asInt(),
                    layer.has("temporal") ? layer.get("temporal").asInt() : null));
        }
        return layers;
    }

    /** Server → client SFU messages of one participant. */
    private final class Listener implements SfuPeerListener {

        private final Participant participant;

        Listener(Participant participant) {
            this.participant = participant;
        }

        @Override
        public void subscriberOffer(SubscriberOffer offer) {
            ObjectNode frame = messages.object("sfu.offer").put("offerId", offer.offerId()).put("sdp", offer.sdp())
                    .put("newConnection", offer.newConnection());
            ArrayNode streams = frame.putArray("streams");
            offer.streams().forEach(s -> streams.addObject().put("mid", s.mid()).put("participantId", s.participantId())
                    .put("kind", s.kind()).put("source", s.source()).put("active", s.active()));
            participant.deliver(frame.toString());
        }

        @Override
        public void restart(String reason) {
            participant.deliver(messages.object("sfu.restart").put("reason", reason).toString());
        }

        @Override
        public void unavailable(String reason) {
            participant.deliver(messages.object("sfu.unavailable").put("reason", reason).toString());
            modes.sfuUnavailable(participant.room());
        }

        @Override
        public void demand(String publisherId, Integer layer) {
            SfuSignals.this.demand(participant, publisherId, layer);
        }

        @Override
        public void mediaEvent(MediaEvent event) {
            ObjectNode frame = messages.object("sfu.media")
                    .put("pc", event.pc() == PeerConnectionRole.PUBLISHER ? "publisher" : "subscriber")
                    .put("event", event.type());
            if (event.detail() != null) {
                frame.put("detail", event.detail());
            }
            participant.deliver(frame.toString());
        }
    }
}
