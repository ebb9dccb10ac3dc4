package dev.convene.signaling.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convene.signaling.config.SignalingConfig;
import dev.convene.signaling.events.Envelopes;
import dev.convene.signaling.events.EventPublisher;
import dev.convene.signaling.events.RedisGateway;
import dev.convene.signaling.events.RedisKeys;
import dev.convene.signaling.events.SignalingEvents;
import dev.convene.signaling.media.MediaModes;
import dev.convene.signaling.media.ModeState;
import dev.convene.signaling.media.SfuSignals;
import dev.convene.signaling.metrics.SignalingMetrics;
import dev.convene.signaling.presence.PresenceStore;
import dev.convene.signaling.security.ResumeCredentials;
import dev.convene.signaling.security.RoomIdentity;
import dev.convene.signaling.security.RoomTokenVerifier;
import dev.convene.signaling.security.TokenCheck;
import dev.convene.signaling.security.TurnCredentials;
import dev.convene.signaling.ws.CloseCodes;
import dev.convene.signaling.ws.RateLimiter;
import dev.convene.signaling.ws.RoomSocket;
import dev.convene.signaling.ws.ServerMessages;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A participant's life on this replica: join (token check, presence, welcome), resume within
 * the reconnect grace (here or on another replica), and leave. Runs on worker threads: it
 * waits for Redis, which the relay path never does.
 */
@ApplicationScoped
public class SessionService {

    /** Published to the old replica's inbox when a participant resumes elsewhere. */
    public static final String RESUMED = "signal.resumed";

    private static final Logger LOG = Logger.getLogger(SessionService.class);

    @Inject
    LocalRooms rooms;
    @Inject
    PresenceStore presence;
    @Inject
    SignalingEvents events;
    @Inject
    RoomTokenVerifier tokens;
    @Inject
    ResumeCredentials resumes;
    @Inject
    TurnCredentials turn;
    @Inject
    ServerMessages messages;
    @Inject
    Replica replica;
    @Inject
    SignalingConfig config;
    @Inject
    Vertx vertx;
    @Inject
    RedisGateway redis;
    @Inject
    RedisKeys keys;
    @Inject
    EventPublisher publisher;
    @Inject
    Envelopes envelopes;
    @Inject
    SignalingMetrics metrics;
    @Inject
    ObjectMapper json;
    @Inject
    MediaModes mediaModes;
    @Inject
    SfuSignals sfu;
    @Inject
    dev.convene.signaling.recording.RecordingService recordings;

    // ------------------------------------------------------------------------------- join

    /**
     * A socket of {@code /ws/rooms/{slug}} was opened offering {@code token} (and maybe a resume
     * credential, see {@link dev.convene.signaling.ws.RoomRoute}): join it, or close it with the
     * refusal's code.
     */
    public void open(RoomSocket socket, String token, String resumeCredential) {
        String room = socket.room();
        TokenCheck check = tokens.check(token, room);
        if (!check.isAccepted()) {
            metrics.connectionRefused(check.reason());
            socket.close(check.closeCode(), check.reason());
            return;
        }
        RoomIdentity identity = check.identity();
        Participant participant = null;
        try {
            Resumed resumption = resume(socket, identity, resumeCredential);
            participant = resumption == null ? null : resumption.participant();
            boolean resumed = participant != null;
            boolean moved = resumed && resumption.moved();
            if (!resumed) {
                participant = newParticipant(UUID.randomUUID().toString(), identity, System.currentTimeMillis());
            }
            socket.attach(participant);
            LocalRoom local = rooms.add(participant, replica.id());
            Map<String, ObjectNode> members = RedisGateway.await(presence.liveEntries(room));
            ObjectNode settings = settings(local, identity);
            if (!resumed && isFull(settings, members, identity.userId())) {
                rooms.remove(participant);
                participant.end();
                metrics.connectionRefused("room_full");
                socket.close(CloseCodes.ROOM_FULL, "room_full");
                return;
            }
            RedisGateway.await(presence.put(participant));
            if (!resumed) {
                events.presence(SignalingEvents.JOINED, room, participant.id(), presence.entry(participant));
            }
            // Read again now that our entry is in: of two participants joining at the same instant, at
            // least one lists the other in its welcome and offers to it (the newcomer offers; both
            // listing each other is glare, which perfect negotiation resolves). With the list read
            // before our own entry, each could miss the other and both would wait for an offer.
            members = RedisGateway.await(presence.liveEntries(room));
            members.forEach((id, entry) -> local.route(id, entry.get("replica").asText()));
            ModeState media = mediaModes.stateForJoin(local, settings);
            participant.goLive(socket, welcome(participant, members, settings, media, resumed));
            mediaModes.joined(participant, media, moved, sfu);
            if (socket.isClosed()) {
                closed(socket); // the client went away while we joined: its close found no participant yet
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "Join of room %s failed", room);
            if (participant != null) {
                participant.end();
                rooms.remove(participant);
            }
            socket.close(CloseCodes.INTERNAL_ERROR, "join_failed");
        }
    }

    private Participant newParticipant(String id, RoomIdentity identity, long joinedAt) {
        SignalingConfig.RateLimit limit = config.rateLimit();
        return new Participant(id, identity, joinedAt,
                new RateLimiter(limit.perSecond(), limit.burst(), limit.closeAfter(), System.nanoTime()),
                config.graceBufferFrames());
    }

    /** A resumed participant; {@code moved}: it was held by another replica (or this one before a restart). */
    private record Resumed(Participant participant, boolean moved) {
    }

    /** A participant resumed by a genuine credential whose presence entry still exists; else null. */
    private Resumed resume(RoomSocket socket, RoomIdentity identity, String credential) {
        String participantId = resumes.verify(credential, identity.room(), identity.userId());
        if (participantId == null) {
            return null;
        }
        Participant here = rooms.participant(participantId);
        if (here != null && here.userId().equals(identity.userId()) && here.room().equals(identity.room())) {
            RoomSocket old = here.connection();
            cancelGrace(here);
            here.updateIdentity(identity.role(), identity.grants());
            if (old != null && old != socket) {
                here.suspend(old); // the old socket's close is no longer this participant's leave
                old.close(CloseCodes.REPLACED, "session_resumed");
            }
            return new Resumed(here, false);
        }
        ObjectNode previous = RedisGateway.await(presence.claim(identity.room(), participantId, identity.userId(), identity.role()));
        if (previous == null) {
            return null; // grace over: a fresh join
        }
        Participant moved = newParticipant(participantId, identity, previous.path("joinedAt").asLong(System.currentTimeMillis()));
        moved.state().apply(previous);
        rooms.add(moved, replica.id()); // before the old replica hands over its queued frames
        String oldReplica = previous.path("replica").asText();
        if (!oldReplica.equals(replica.id())) {
            ObjectNode payload = json.createObjectNode().put("participantId", participantId).put("replica", replica.id());
            publisher.publish(keys.replicaInbox(oldReplica),
                    envelopes.create(RESUMED, identity.room(), participantId, participantId, payload).toString());
        }
        events.moved(identity.room(), participantId, replica.id());
        return new Resumed(moved, true);
    }

    /**
     * The room settings for the welcome: the last room.settings-changed this replica saw, else the
     * snapshot in the joiner's room token (at most a few minutes old), else the last announced
     * settings cached in Redis.
     */
    private ObjectNode settings(LocalRoom local, RoomIdentity identity) {
        if (local.settings() == null && identity.settings() != null) {
            local.settings(identity.settings());
        }
        if (local.settings() == null) {
            Response cached = RedisGateway.await(redis.send(Request.cmd(Command.GET).arg(keys.roomSettings(local.slug()))));
            if (cached != null) {
                try {
                    if (json.readTree(cached.toString()) instanceof ObjectNode node) {
                        local.settings(node);
                    }
                } catch (java.io.IOException e) {
                    LOG.debugf("Ignoring unreadable cached settings of %s", local.slug());
                }
            }
        }
        return local.settings();
    }

    /** room-service checks capacity at join; this re-check closes the race of simultaneous last seats. */
    private static boolean isFull(ObjectNode settings, Map<String, ObjectNode> members, String userId) {
        if (settings == null || !settings.path("maxParticipants").canConvertToInt()) {
            return false;
        }
        Set<String> users = new HashSet<>();
        members.values().forEach(entry -> users.add(entry.path("userId").asText()));
        return !users.contains(userId) && users.size() >= settings.get("maxParticipants").asInt();
    }

    private String welcome(Participant self, Map<String, ObjectNode> members, ObjectNode settings, ModeState media,
            boolean resumed) {
        ObjectNode welcome = messages.object("welcome")
                .put("protocol", 1)
                .put("participantId", self.id())
                .put("room", self.room())
                .put("resumed", resumed);
        welcome.set("self", self.view(json));
        welcome.putArray("grants").addAll(self.grants().stream().map(json.getNodeFactory()::textNode).toList());
        ArrayNode others = welcome.putArray("participants");
        members.forEach((id, entry) -> {
            if (!id.equals(self.id())) {
                others.add(messages.publicView(entry));
            }
        });
        if (settings == null) {
            welcome.putNull("settings");
        } else {
            welcome.set("settings", settings);
        }
        // The meeting's setting (fixed when it started) and the transport in force now.
        welcome.put("mediaMode", media.setting());
        ObjectNode mediaNode = welcome.putObject("media").put("mode", media.mode()).put("polite", "larger participantId");
        if (media.switching()) { // the prepare follows; a fresh joiner may go to the target at once
            mediaNode.put("target", media.target());
        }
        // Everyone is told that the meeting is being recorded, joiners too (docs/recording.md).
        // Whether a host's record button records on the server: AUTO meetings move to the SFU for it.
        welcome.put("serverRecording", recordings.offeredIn(media.setting()));
        ObjectNode recording = recordings.activeRecording(self.room()).await().atMost(java.time.Duration.ofSeconds(2));
        if (recording == null) {
            welcome.putNull("recording");
        } else {
            welcome.set("recording", recording);
            recordings.observe(self.room(), recording.path("recordingId").asText()); // its starter may be gone
        }
        welcome.set("iceServers", turn.iceServers(self.userId()));
        welcome.putObject("resume")
                .put("credential", resumes.issue(self.room(), self.id(), self.userId()))
                .put("graceSeconds", config.reconnectGrace().toSeconds());
        welcome.putObject("heartbeat")
                .put("idleTimeoutSeconds", config.idleTimeout().toSeconds());
        welcome.putObject("limits")
                .put("messagesPerSecond", config.rateLimit().perSecond())
                .put("burst", config.rateLimit().burst());
        return welcome.toString();
    }

    /** Shutting down: sockets close with 1001 and keep their grace, to resume on another replica. */
    void shutdown(@jakarta.enterprise.event.Observes io.quarkus.runtime.ShutdownEvent event) {
        for (Participant participant : rooms.participants()) {
            participant.close(CloseCodes.GOING_AWAY, "going_away");
        }
    }

    // ------------------------------------------------------------------------------ leave

    /** The socket closed: a final close ends the participant, any other starts the grace. */
    public void closed(RoomSocket socket) {
        Participant participant = socket.participant();
        if (participant == null || participant.phase() == Participant.Phase.GONE) {
            return;
        }
        if (participant.isFinal()) {
            leave(participant, participant.finalReason());
            return;
        }
        if (!participant.suspend(socket)) {
            return; // replaced by a resumed connection
        }
        long timer = vertx.setTimer(config.reconnectGrace().toMillis(), id -> vertx.executeBlocking(() -> {
            if (participant.phase() == Participant.Phase.SUSPENDED) {
                leave(participant, "disconnected");
            }
            return null;
        }, false));
        participant.graceTimer(timer);
    }

    /** Ends a participant for good and tells the room (unless another replica owns it by now). */
    public void leave(Participant participant, String reason) {
        cancelGrace(participant);
        participant.end();
        rooms.remove(participant);
        sfu.left(participant);
        try {
            if (RedisGateway.await(presence.removeIfOwned(participant.room(), participant.id(), replica.id()))) {
                events.left(participant.room(), participant.id(), participant.userId(), reason, participant.id());
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not remove %s from presence (%s); the sweeper will", participant.id(), e.getMessage());
        }
    }

    /** Closes a participant's socket for good (no grace): removal, room end, leave, abuse. */
    public void end(Participant participant, int code, String reason) {
        participant.markFinal(reason);
        if (participant.connection() != null && participant.connection().isOpen()) {
            participant.close(code, reason);
        } else {
            vertx.executeBlocking(() -> {
                leave(participant, reason);
                return null;
            }, false);
        }
    }

    /** Another replica took this participant over (resume there): hand over what was queued. */
    public void resumedElsewhere(String participantId, String newReplica) {
        Participant participant = rooms.participant(participantId);
        if (participant == null) {
            return;
        }
        cancelGrace(participant);
        RoomSocket socket = participant.connection();
        List<String> queued = participant.end();
        rooms.remove(participant);
        sfu.left(participant); // its Janus session lived on this replica's connection; the new replica joins it again
        if (socket != null) {
            socket.close(CloseCodes.REPLACED, "session_resumed");
        }
        for (String frame : queued) {
            try {
                JsonNode payload = json.readTree(frame);
                publisher.publish(keys.replicaInbox(newReplica), envelopes.create(SignalRouter.RELAY, participant.room(),
                        Envelopes.SERVICE, participantId, payload).toString());
            } catch (java.io.IOException e) {
                LOG.debug("Unreadable queued frame dropped");
            }
        }
    }

    private void cancelGrace(Participant participant) {
        long timer = participant.graceTimer();
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            participant.graceTimer(-1);
        }
    }
}
