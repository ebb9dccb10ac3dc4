package dev.convene.signaling.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convene.signaling.metrics.SignalingMetrics;
import dev.convene.signaling.service.Participant;
import dev.convene.signaling.service.ParticipantEvents;
import dev.convene.signaling.service.SessionService;
import dev.convene.signaling.service.SignalRouter;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.InboundProcessingMode;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;

/**
 * {@code /ws/rooms/{room}}: one socket per participant (docs/signaling-protocol.md). Joining
 * and leaving wait for Redis and run on worker threads; messages are handled on the socket's
 * event loop, so the relay path never blocks and never hops threads. CONCURRENT inbound mode
 * skips websockets-next's per-connection queue: one event loop already serialises a socket's
 * messages, and messages before the welcome are ignored anyway.
 */
@WebSocket(path = "/ws/rooms/{room}", inboundProcessingMode = InboundProcessingMode.CONCURRENT)
public class RoomEndpoint {

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

    @OnOpen
    void onOpen(WebSocketConnection socket) {
        sessions.open(socket);
    }

    @OnTextMessage
    @NonBlocking
    void onMessage(String frame, WebSocketConnection socket) {
        long received = System.nanoTime();
        Participant participant = socket.userData().get(SessionService.PARTICIPANT);
        if (participant == null || participant.connection() != socket) {
            return; // not joined yet (or already replaced): the client must wait for its welcome
        }
        participant.touch();
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

    private void handle(Participant participant, String frame, long received) {
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
            default -> participant.deliver(messages.error("unknown_type", "Unknown message type"));
        }
    }

    /** Browsers answer the server's pings (auto-ping-interval): that is activity, too. */
    @OnPongMessage
    @NonBlocking
    void onPong(Buffer data, WebSocketConnection socket) {
        Participant participant = socket.userData().get(SessionService.PARTICIPANT);
        if (participant != null) {
            participant.touch();
        }
    }

    @OnClose
    void onClose(WebSocketConnection socket) {
        sessions.closed(socket);
    }

    /**
     * Vert.x refuses a message above {@code quarkus.websockets-next.server.max-message-size}
     * with an IllegalStateException (it would close with 1011); answer with 1009 instead. The
     * participant may resume: an oversize frame is a client bug, not a leave.
     */
    @OnError
    Uni<Void> onOversize(IllegalStateException e, WebSocketConnection socket) {
        return socket.close(new CloseReason(CloseCodes.MESSAGE_TOO_BIG, "Message too big"));
    }
}
