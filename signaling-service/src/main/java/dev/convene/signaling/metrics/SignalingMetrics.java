package dev.convene.signaling.metrics;

import dev.convene.signaling.events.EventPublisher;
import dev.convene.signaling.service.LocalRooms;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Prometheus metrics of the gateway: open participants and rooms on this replica, relayed
 * signaling messages (same replica / via another replica), relay latency, refusals.
 * <p>
 * Per relayed message this is on the hot path, so it is kept cheap (docs/PERFORMANCE.md): the
 * relay counters are {@link LongAdder}s read at scrape time, and the latency histogram records
 * one relay in {@value #LATENCY_SAMPLE_EVERY} (a Micrometer timer with a percentile histogram
 * costs about as much as the rest of our own relay code). The counters stay exact.
 */
@Singleton // on the relay path: injected directly, no client proxy per call
public class SignalingMetrics {

    /** Record the latency of one relay in this many (a power of two); the first one always. */
    static final int LATENCY_SAMPLE_EVERY = 16;

    private final LongAdder relayedLocal = new LongAdder();
    private final LongAdder relayedRemote = new LongAdder();
    /** Racy on purpose (several event loops): it only spreads the samples. */
    private int localSeen;
    private int remoteSeen;
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
        relayed("local", relayedLocal);
        relayed("replica", relayedRemote);
        relayDropped = Counter.builder("convene_signaling_relay_dropped")
                .description("Signaling messages whose target was not reachable (left, unknown, other room)")
                .register(registry);
        rateLimited = Counter.builder("convene_signaling_rate_limited")
                .description("Client messages dropped by the per-connection rate limit")
                .register(registry);
        latencyLocal = latency("local");
        latencyRemote = latency("replica");
    }

    private void relayed(String path, LongAdder count) {
        FunctionCounter.builder("convene_signaling_relayed", count, LongAdder::doubleValue)
                .description("Signaling messages delivered to a participant (offer/answer/candidate)")
                .tag("path", path)
                .register(registry);
    }

    private Timer latency(String path) {
        return Timer.builder("convene_signaling_relay_latency")
                .description("From receipt at the sender's replica to the write on the target's socket (1 relay in "
                        + LATENCY_SAMPLE_EVERY + ")")
                .tag("path", path)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(10_000))
                .maximumExpectedValue(Duration.ofSeconds(2))
                .register(registry);
    }

    public void relayedLocally(long receivedNanos) {
        relayedLocal.increment();
        if ((localSeen++ & (LATENCY_SAMPLE_EVERY - 1)) == 0) {
            latencyLocal.record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Cross-replica latency from the envelope's epoch-ms timestamp (same clock source in a cluster). */
    public void relayedFromReplica(long sentAtMillis) {
        relayedRemote.increment();
        if ((remoteSeen++ & (LATENCY_SAMPLE_EVERY - 1)) == 0) {
            latencyRemote.record(Math.max(0, System.currentTimeMillis() - sentAtMillis), TimeUnit.MILLISECONDS);
        }
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
