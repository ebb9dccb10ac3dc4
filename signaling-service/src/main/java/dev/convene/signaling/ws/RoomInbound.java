package dev.convene.signaling.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convene.signaling.media.MediaModes;
import dev.convene.signaling.media.SfuSignals;
import dev.convene.signaling.metrics.SignalingMetrics;
import dev.convene.signaling.service.Participant;
import dev.convene.signaling.service.ParticipantEvents;
import dev.convene.signaling.service.SessionService;
import dev.convene.signaling.service.SignalRouter;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * What a room socket receives, on its event loop (never blocks, never hops threads): activity for
 * the idle timeout, the rate limit, validation (docs/signaling-protocol.md) and dispatch by type.
 * Frames before the welcome are ignored: the client must wait for it.
 */
@Singleton // on the relay path: injected directly, no client proxy per call
public class RoomInbound {

    @Inject
    SessionService sessions;
    @Inject
    SignalRouter router;
    @Inject
    ParticipantEvents participantEvents;
    @Inject
    ServerMessages messages;
    @Inject
    SignalingMetrics metrics;
    @Inject
    ObjectMapper json;
    @Inject
    SfuSignals sfu;
    @Inject
    MediaModes mediaModes;
    @Inject
    dev.convene.signaling.recording.RecordingService recordings;

    /** One text message, as its UTF-8 bytes. */
    void onText(RoomSocket socket, byte[] frame) {
        long received = System.nanoTime();
        Participant participant = socket.participant();
        if (participant == null || participant.connection() != socket) {
            return; // not joined yet (or already replaced)
        }
        participant.touch(received);
        switch (participant.rateLimiter().onMessage(received)) {
            case ACCEPT -> handle(participant, frame, received);
            case DROP -> metrics.rateLimited();
            case DROP_AND_TELL -> {
                metrics.rateLimited();
                participant.deliver(messages.error("rate_limited", "Too many messages; this one was dropped"));
            }
            case CLOSE -> {
                metrics.rateLimited();
                sessions.end(participant, CloseCodes.POLICY_VIOLATION, "rate_limited");
            }
        }
    }

    /** Browsers answer the server's pings: that is activity, too. */
    void onPong(RoomSocket socket) {
        Participant participant = socket.participant();
        if (participant != null) {
            participant.touch(System.nanoTime());
        }
    }

    private void handle(Participant participant, byte[] frame, long received) {
        ClientMessage message = ClientMessage.parse(json, frame);
        if (!message.isValid()) {
            participant.deliver(messages.error(message.errorCode(), message.errorMessage()));
            return;
        }
        switch (message.type()) {
            case ClientMessage.OFFER, ClientMessage.ANSWER, ClientMessage.CANDIDATE -> router.relay(participant, message, received);
            case ClientMessage.PING -> participant.deliver(messages.pong(message.body().get("seq")));
            case ClientMessage.STATE -> participantEvents.state(participant, message);
            case ClientMessage.REACTION -> participantEvents.reaction(participant, message);
            case ClientMessage.SPEAKING -> participantEvents.speaking(participant, message);
            case ClientMessage.LEAVE -> sessions.end(participant, CloseCodes.NORMAL, "left");
            case ClientMessage.SFU_JOIN, ClientMessage.SFU_PUBLISH, ClientMessage.SFU_UNPUBLISH, ClientMessage.SFU_ANSWER,
                    ClientMessage.SFU_CANDIDATE, ClientMessage.SFU_LAYERS, ClientMessage.SFU_LEAVE -> sfu.handle(participant, message);
            case ClientMessage.MEDIA_MODE_READY -> mediaModes.ready(participant, message.body());
            case ClientMessage.MEDIA_P2P_FAILED -> mediaModes.p2pFailed(participant, message.body().get("peer").textValue());
            case ClientMessage.MEDIA_STATS -> mediaModes.stats(participant, message.body());
            case ClientMessage.RECORDING_START -> recordings.start(participant);
            case ClientMessage.RECORDING_STOP -> recordings.stop(participant);
            default -> participant.deliver(messages.error("unknown_type", "Unknown message type"));
        }
    }
}
