package dev.convene.signaling.sfu;

import dev.convene.signaling.sfu.janus.JanusException;
import dev.convene.signaling.sfu.janus.JanusUnavailableException;
import dev.convene.signaling.sfu.pool.JanusPool;
import dev.convene.signaling.sfu.pool.RoomDirectory;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The SFU as the WebSocket layer sees it: per participant, join the meeting's Janus room,
 * publish an offer (→ answer), answer subscriber offers, trickle candidates, choose simulcast
 * layers, leave; per meeting, end. Server → client messages arrive through each participant's
 * {@link SfuPeerListener}. Nothing here knows about WebSockets, so tests drive it directly.
 *
 * <p>Every method returns at once; the work runs on Vert.x event loops (no thread per call) and
 * starts even if nobody subscribes to the returned Uni, which reports the outcome. Failures are
 * always {@link SfuException} with a stable {@link SfuException#code() code} for the client's
 * {@code error} message.
 */
public final class SfuSessions {

    private static final Logger LOG = Logger.getLogger(SfuSessions.class);

    private final JanusPool pool;
    private final RoomDirectory rooms;
    private final SfuContext context;
    private final Map<String, SfuParticipant> participants = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byRoom = new ConcurrentHashMap<>();

    public SfuSessions(Vertx vertx, JanusPool pool, RoomDirectory rooms, SfuMetrics metrics, Duration batchDelay,
            Duration answerTimeout) {
        this.pool = pool;
        this.rooms = rooms;
        this.context = new SfuContext(vertx, rooms, metrics, batchDelay, answerTimeout);
        rooms.onMoved(this::roomMoved);
        metrics.watch(() -> participants.values().stream().filter(SfuParticipant::isPublishing).count(),
                () -> participants.values().stream().filter(SfuParticipant::isReceiving).count());
    }

    /** True if at least one Janus is up: SFU mode can be offered now. */
    public boolean available() {
        return pool.anyUp();
    }

    /** True if Janus URLs are configured at all. */
    public boolean configured() {
        return pool.isConfigured();
    }

    /**
     * The participant enters SFU mode: its meeting's room is placed (or found) and it joins it.
     * From then on it receives {@link SfuPeerListener#subscriberOffer} whenever there are streams
     * of others to receive. Joining twice is harmless.
     */
    public Uni<Void> join(SfuPeer peer) {
        if (!pool.isConfigured()) {
            return Uni.createFrom().failure(new SfuException(SfuException.UNAVAILABLE, "no Janus configured"));
        }
        SfuParticipant participant = new SfuParticipant(peer, context);
        if (participants.putIfAbsent(peer.participantId(), participant) != null) {
            return Uni.createFrom().voidItem();
        }
        byRoom.computeIfAbsent(peer.room(), room -> ConcurrentHashMap.newKeySet()).add(peer.participantId());
        return participant.join()
                .onFailure().call(failure -> forget(participant))
                .onFailure().transform(SfuSessions::translate);
    }

    /**
     * Publishes (first call) or renegotiates (later calls, e.g. screen share added) the
     * participant's upstream: the browser's offer → Janus' answer. {@code streams} labels the
     * offer's m-lines by mid (camera, screen, mic).
     */
    public Uni<PublishAnswer> publish(String participantId, String offerSdp, List<StreamDescription> streams) {
        return with(participantId, p -> p.publish(offerSdp, streams));
    }

    /** Stops publishing (the upstream PeerConnection closes; the participant keeps receiving). */
    public Uni<Void> unpublish(String participantId) {
        return with(participantId, SfuParticipant::unpublish);
    }

    /** The client's answer to subscriber offer {@code offerId}. */
    public Uni<Void> answer(String participantId, long offerId, String answerSdp) {
        return with(participantId, p -> p.answer(offerId, answerSdp));
    }

    /** One ICE candidate of the client's publishing or receiving PeerConnection; null = end of candidates. */
    public Uni<Void> trickle(String participantId, PeerConnectionRole role, IceCandidate candidate) {
        return with(participantId, p -> p.trickle(role, candidate));
    }

    /** Simulcast layer per received m-line (tile size: main view high, thumbnails low). */
    public Uni<Void> selectLayers(String participantId, List<LayerChoice> layers) {
        return with(participantId, p -> p.selectLayers(layers));
    }

    /**
     * The participant leaves SFU mode (left the meeting, or the meeting switched to P2P). Its
     * Janus handles go; the last one of a meeting on this replica releases the room (destroyed
     * if nobody else is in it). Never fails.
     */
    public Uni<Void> leave(String participantId) {
        SfuParticipant participant = participants.get(participantId);
        if (participant == null) {
            return Uni.createFrom().voidItem();
        }
        return participant.leave()
                .onFailure().recoverWithNull().replaceWithVoid()
                .onItem().transformToUni(ignored -> forget(participant));
    }

    /** The meeting ended: every local participant leaves and the Janus room is destroyed. Never fails. */
    public Uni<Void> endRoom(String room) {
        Set<String> members = byRoom.getOrDefault(room, Set.of());
        List<Uni<Void>> leaves = List.copyOf(members).stream().map(this::leave).toList();
        Uni<Void> all = leaves.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(leaves).andCollectFailures().replaceWithVoid();
        return all.onFailure().recoverWithNull().replaceWithVoid().onItem().transformToUni(ignored -> rooms.end(room));
    }

    /** Starts or stops Janus recording every publisher of the meeting (.mjr files in the recording dir). */
    public Uni<Void> record(String room, boolean on) {
        return rooms.locate(room)
                .onItem().transformToUni(location -> location.instance().control().record(location.janusRoom(), on))
                .onFailure().transform(SfuSessions::translate);
    }

    /** Participants of this replica in SFU mode (all meetings). */
    public int participantCount() {
        return participants.size();
    }

    /** Participants of a meeting in SFU mode on this replica. */
    public Set<String> participantsOf(String room) {
        return Set.copyOf(byRoom.getOrDefault(room, Set.of()));
    }

    /** Everyone leaves (replica shutting down); Janus cleans up the rest when our sessions time out. */
    public Uni<Void> close() {
        List<Uni<Void>> leaves = List.copyOf(participants.keySet()).stream().map(this::leave).toList();
        return leaves.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(leaves).andCollectFailures().replaceWithVoid()
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    // -------------------------------------------------------------------- helpers

    private <T> Uni<T> with(String participantId, java.util.function.Function<SfuParticipant, Uni<T>> operation) {
        SfuParticipant participant = participants.get(participantId);
        if (participant == null) {
            return Uni.createFrom().failure(new SfuException(SfuException.NOT_JOINED,
                    "participant " + participantId + " is not in SFU mode"));
        }
        try {
            return operation.apply(participant).onFailure().transform(SfuSessions::translate);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(translate(e));
        }
    }

    private Uni<Void> forget(SfuParticipant participant) {
        if (!participants.remove(participant.id(), participant)) {
            return Uni.createFrom().voidItem();
        }
        Set<String> members = byRoom.get(participant.room());
        boolean lastHere = false;
        if (members != null) {
            members.remove(participant.id());
            lastHere = members.isEmpty() && byRoom.remove(participant.room(), members);
        }
        return lastHere ? rooms.release(participant.room()) : Uni.createFrom().voidItem();
    }

    private void roomMoved(String room, RoomDirectory.Location location) {
        for (String id : byRoom.getOrDefault(room, Set.of())) {
            SfuParticipant participant = participants.get(id);
            if (participant != null) {
                participant.moved(location);
            }
        }
    }

    /** Every failure leaves this class as an SfuException with a stable code. */
    static SfuException translate(Throwable failure) {
        if (failure instanceof SfuException sfu) {
            return sfu;
        }
        if (failure instanceof JanusException janus) {
            return new SfuException(SfuException.REJECTED, "Janus refused: " + janus.getMessage(), janus);
        }
        if (failure instanceof JanusUnavailableException unavailable) {
            return new SfuException(SfuException.UNAVAILABLE, unavailable.getMessage(), unavailable);
        }
        LOG.debugf(failure, "SFU operation failed");
        return new SfuException(SfuException.FAILED, String.valueOf(failure.getMessage()), failure);
    }
}
