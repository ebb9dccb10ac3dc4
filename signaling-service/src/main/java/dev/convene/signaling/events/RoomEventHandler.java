package dev.convene.signaling.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convene.signaling.media.MediaModes;
import dev.convene.signaling.presence.PresenceStore;
import dev.convene.signaling.recording.RecordingService;
import dev.convene.signaling.sfu.SfuSessions;
import dev.convene.signaling.service.LocalRoom;
import dev.convene.signaling.service.LocalRooms;
import dev.convene.signaling.service.Participant;
import dev.convene.signaling.service.SessionService;
import dev.convene.signaling.ws.CloseCodes;
import dev.convene.signaling.ws.ServerMessages;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Delivers room-channel events to this replica's sockets of the room. signaling-service's own
 * presence and ephemeral events become protocol frames; room-service and chat-service events
 * go to their audience (docs/events.md) verbatim, and the ones that change a connection
 * (removal, end, role change, settings) are enforced here. Unknown types are ignored.
 */
@ApplicationScoped
public class RoomEventHandler implements RedisSubscriber.InboundListener {

    private static final Logger LOG = Logger.getLogger(RoomEventHandler.class);

    @Inject
    LocalRooms rooms;
    @Inject
    SessionService sessions;
    @Inject
    ServerMessages messages;
    @Inject
    PresenceStore presence;
    @Inject
    RedisGateway redis;
    @Inject
    RedisKeys keys;
    @Inject
    ObjectMapper json;
    @Inject
    MediaModes mediaModes;
    @Inject
    SfuSessions sfu;
    @Inject
    RecordingService recordings;

    @Override
    public void onRoomEvent(String slug, String message) {
        LocalRoom room = rooms.room(slug);
        boolean settingsChange = message.contains("\"room.settings-changed\"");
        if (room == null && !settingsChange) {
            return; // nobody here: nothing to deliver (the common case for a busy cluster)
        }
        JsonNode envelope;
        try {
            envelope = json.readTree(message);
        } catch (IOException e) {
            LOG.debugf("Ignoring an unreadable event on room %s", slug);
            return;
        }
        if (!envelope.isObject() || !slug.equals(envelope.path("room").asText())) {
            return;
        }
        String type = envelope.path("type").asText();
        JsonNode payload = envelope.path("payload");
        String target = envelope.path("target").isTextual() ? envelope.get("target").asText() : null;
        if (settingsChange && "room.settings-changed".equals(type)) {
            rememberSettings(slug, room, payload.path("settings"));
            if (room != null) {
                settingsChanged(slug, room, message, payload.path("settings").path("mediaMode"));
            }
            return;
        }
        if (room == null) {
            return;
        }
        switch (type) {
            case SignalingEvents.JOINED -> {
                String id = payload.path("participantId").asText();
                room.route(id, payload.path("replica").asText());
                toAllBut(room, id, messages.participantJoined(messages.publicView(payload)));
                mediaModes.membershipChanged(slug);
            }
            case SignalingEvents.UPDATED -> {
                String id = payload.path("participantId").asText();
                toAllBut(room, id, messages.participantUpdated(messages.publicView(payload)));
            }
            case SignalingEvents.LEFT -> {
                String id = payload.path("participantId").asText();
                room.forget(id);
                toAllBut(room, id, messages.participantLeft(id, payload.path("reason").asText("left")));
                mediaModes.membershipChanged(slug);
            }
            case SignalingEvents.MEDIA_MODE -> mediaModes.onModeEvent(slug, payload);
            case SignalingEvents.MEDIA_READY -> mediaModes.onReadyEvent(slug, payload);
            case SignalingEvents.MOVED -> room.route(payload.path("participantId").asText(), payload.path("replica").asText());
            case SignalingEvents.REACTION -> toAllBut(room, payload.path("participantId").asText(),
                    frame("reaction", payload, "emoji"));
            case SignalingEvents.SPEAKING -> toAllBut(room, payload.path("participantId").asText(),
                    frame("speaking", payload, "speaking", "level"));
            case "room.locked", "room.unlocked" -> to(room, p -> true, message);
            case "room.ended" -> {
                to(room, p -> true, message);
                room.participants().forEach(p -> sessions.end(p, CloseCodes.ROOM_ENDED, "room_ended"));
                mediaModes.ended(slug);
                sfu.endRoom(slug); // idempotent: every replica of the room may do it
            }
            case "room.mute-all" -> {
                String except = payload.path("exceptRole").asText("host");
                to(room, p -> !except.equals(p.role()), message);
            }
            case "participant.removed" -> room.participants().stream().filter(p -> p.userId().equals(target)).forEach(p -> {
                p.deliver(message);
                sessions.end(p, CloseCodes.REMOVED, "removed_from_meeting");
            });
            case "participant.mute-requested" -> to(room, p -> p.userId().equals(target), message);
            case "participant.role-changed" -> {
                changeRole(room, payload.path("userId").asText(), payload.path("role").asText());
                to(room, p -> true, message);
            }
            case "lobby.waiting" -> to(room, Participant::isHost, message);
            case "recording.started", "recording.stopped", "recording.ready", "recording.failed", "recording.deleted" -> {
                to(room, p -> p.isHost() || RecordingService.forEveryone(type), message);
                if (RecordingService.STARTED.equals(type)) {
                    recordings.observe(slug, payload.path("recordingId").asText());
                }
                if ("recording.stopped".equals(type)) {
                    mediaModes.recordingStopped(slug);
                }
            }
            case "lobby.admitted", "lobby.denied" -> to(room, p -> p.isHost() || p.userId().equals(target), message);
            default -> {
                if (type.startsWith("chat.")) {
                    to(room, p -> target == null || p.userId().equals(target), message);
                }
            }
        }
    }

    /**
     * Everyone here gets the new settings; with a media mode among them also the new
     * {@code server-recording} offer (the welcome's serverRecording: a room now fixed to P2P
     * records in the browser again), and only then may the meeting switch to follow the setting,
     * so clients know why a {@code media-mode} prepare comes.
     */
    private void settingsChanged(String slug, LocalRoom room, String message, JsonNode mediaMode) {
        to(room, p -> true, message);
        if (mediaMode.isTextual()) {
            to(room, p -> true, messages.object("server-recording")
                    .put("offered", recordings.offeredIn(mediaMode.asText())).toString());
            mediaModes.settingChanged(slug, mediaMode.asText());
        }
    }

    private String frame(String type, JsonNode payload, String... fields) {
        ObjectNode frame = messages.object(type).put("from", payload.path("participantId").asText());
        for (String field : fields) {
            if (payload.has(field)) {
                frame.set(field, payload.get(field));
            }
        }
        return frame.toString();
    }

    private static void toAllBut(LocalRoom room, String participantId, String frame) {
        for (Participant p : room.participants()) {
            if (!p.id().equals(participantId)) {
                p.deliver(frame);
            }
        }
    }

    private static void to(LocalRoom room, Predicate<Participant> audience, String frame) {
        for (Participant p : room.participants()) {
            if (audience.test(p)) {
                p.deliver(frame);
            }
        }
    }

    /** Role in presence follows the host's decision at once; the next room token carries it too. */
    private void changeRole(LocalRoom room, String userId, String role) {
        if (!"host".equals(role) && !"participant".equals(role)) {
            return;
        }
        room.participants().stream().filter(p -> p.userId().equals(userId)).forEach(p -> {
            p.updateIdentity(role, p.grants());
            presence.put(p);
        });
    }

    /** Joiners get the last announced settings in their welcome, whichever replica saw the event. */
    private void rememberSettings(String slug, LocalRoom room, JsonNode settings) {
        if (!(settings instanceof ObjectNode node)) {
            return;
        }
        if (room != null) {
            room.settings(node);
        }
        redis.send(Request.cmd(Command.SET).arg(keys.roomSettings(slug)).arg(node.toString()).arg("EX").arg(86_400));
    }
}
