package dev.convene.signaling.ws;

import dev.convene.signaling.config.SignalingConfig;
import dev.convene.signaling.service.LocalRooms;
import dev.convene.signaling.service.Participant;
import dev.convene.signaling.service.SessionService;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Heartbeats of the room sockets, for all of them from one periodic task (a timer per socket
 * would cost memory and wake-ups per connection): sends each socket a WebSocket ping every
 * {@code quarkus.websockets-next.server.auto-ping-interval} (the setting /ws/probe uses too), and
 * closes sockets that sent nothing (no message, no pong) within the idle timeout: a peer that
 * vanished without a TCP close. The close (4408) starts the reconnect grace like any unexpected
 * disconnect.
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
    @ConfigProperty(name = "quarkus.websockets-next.server.auto-ping-interval")
    Optional<Duration> pingInterval;

    void start(@Observes StartupEvent event) {
        long period = config.idleTimeout().toMillis() / 4;
        if (pingInterval.isPresent()) {
            period = Math.min(period, pingInterval.get().toMillis() / 10); // pings at most 10 % late
        }
        vertx.setPeriodic(Math.max(250, period), id -> reap());
    }

    void reap() {
        long now = System.nanoTime();
        long limit = config.idleTimeout().toNanos();
        long pingEvery = pingInterval.map(Duration::toNanos).orElse(0L);
        for (Participant participant : rooms.participants()) {
            RoomSocket socket = participant.connection();
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
            } else if (pingEvery > 0 && socket.pingDue(now, pingEvery)) {
                socket.ping();
            }
        }
    }
}
