package dev.convene.signaling.metrics;

import dev.convene.signaling.events.EventPublisher;
import dev.convene.signaling.service.LocalRooms;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus metrics of the gateway: open participants and rooms on this replica, relayed
 * signaling messages (same replica / via another replica), relay latency, refusals.
 */
@ApplicationScoped
public class SignalingMetrics {

    private final Counter relayedLocal;
    private final Counter relayedRemote;
    private final Counter relayDropped;
    private final Counter rateLimited;
    private final Timer latencyLocal;
    private final Timer latencyRemote;
    private final MeterRegistry registry;

    SignalingMetrics(MeterRegistry registry, LocalRooms rooms, EventPublisher publisher) {
        this.registry = registry;
        Gauge.builder("convene_signaling_publish_dropped", publisher, EventPublisher::dropped)
                .description("Messages not published because Redis was unreachable (since start)")
                .register(registry);
        Gauge.builder("convene_signaling_participants", rooms, LocalRooms::participantCount)
                .description("Participants held by this replica (connected or in their reconnect grace)")
                .register(registry);
        Gauge.builder("convene_signaling_rooms", rooms, LocalRooms::roomCount)
                .description("Rooms with at least one participant on this replica")
                .register(registry);
        relayedLocal = relayed("local");
        relayedRemote = relayed("replica");
        relayDropped = Counter.builder("convene_signaling_relay_dropped")
                .description("Signaling messages whose target was not reachable (left, unknown, other room)")
                .register(registry);
        rateLimited = Counter.builder("convene_signaling_rate_limited")
                .description("Client messages dropped by the per-connection rate limit")
                .register(registry);
        latencyLocal = latency("local");
        latencyRemote = latency("replica");
    }

    private Counter relayed(String path) {
        return Counter.builder("convene_signaling_relayed")
                .description("Signaling messages delivered to a participant (offer/answer/candidate)")
                .tag("path", path)
                .register(registry);
    }

    private Timer latency(String path) {
        return Timer.builder("convene_signaling_relay_latency")
                .description("From receipt at the sender's replica to the write on the target's socket")
                .tag("path", path)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(2))
                .register(registry);
    }

    public void relayedLocally(long receivedNanos) {
        relayedLocal.increment();
        latencyLocal.record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
    }

    /** Cross-replica latency from the envelope's epoch-ms timestamp (same clock source in a cluster). */
    public void relayedFromReplica(long sentAtMillis) {
        relayedRemote.increment();
        latencyRemote.record(Math.max(0, System.currentTimeMillis() - sentAtMillis), TimeUnit.MILLISECONDS);
    }

    public void dropped() {
        relayDropped.increment();
    }

    public void rateLimited() {
        rateLimited.increment();
    }

    public void connectionRefused(String reason) {
        registry.counter("convene_signaling_refused", "reason", reason).increment();
    }
}
