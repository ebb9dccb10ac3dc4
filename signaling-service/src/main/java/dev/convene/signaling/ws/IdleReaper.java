package dev.convene.signaling.ws;

import dev.convene.signaling.config.SignalingConfig;
import dev.convene.signaling.service.LocalRooms;
import dev.convene.signaling.service.Participant;
import dev.convene.signaling.service.SessionService;
import io.quarkus.websockets.next.WebSocketConnection;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Closes sockets that sent nothing (no message, no pong to the server's pings) within the idle
 * timeout: a peer that vanished without a TCP close. The close (4408) starts the reconnect
 * grace like any unexpected disconnect.
 */
@ApplicationScoped
public class IdleReaper {

    @Inject
    LocalRooms rooms;
    @Inject
    SignalingConfig config;
    @Inject
    Vertx vertx;
    @Inject
    SessionService sessions;

    void start(@Observes StartupEvent event) {
        long period = Math.max(250, config.idleTimeout().toMillis() / 4);
        vertx.setPeriodic(period, id -> reap());
    }

    void reap() {
        long now = System.nanoTime();
        long limit = config.idleTimeout().toNanos();
        for (Participant participant : rooms.participants()) {
            WebSocketConnection socket = participant.connection();
            if (participant.phase() != Participant.Phase.LIVE || socket == null) {
                continue;
            }
            if (socket.isClosed()) {
                // a close that raced with the join: treat it now (idempotent if already handled)
                vertx.executeBlocking(() -> {
                    sessions.closed(socket);
                    return null;
                }, false);
            } else if (participant.idleNanos(now) > limit) {
                participant.close(CloseCodes.IDLE_TIMEOUT, "idle_timeout");
            }
        }
    }
}
