package dev.convene.signaling.sfu;

import dev.convene.signaling.sfu.pool.JanusInstance;
import dev.convene.signaling.sfu.pool.JanusPool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Prometheus metrics of the SFU control (docs/sfu.md, "Metrics"): per Janus instance its
 * health, rooms and participants (as last reported by the instance); on this replica the SFU
 * participants that publish and that subscribe; subscription updates and their batch sizes,
 * keyframe requests for streams added to running subscriptions, room moves, restarts asked of
 * clients, and how long Janus takes to answer a publish.
 */
public final class SfuMetrics {

    private final MeterRegistry registry;
    private final Counter updates;
    private final DistributionSummary batchSize;
    private final Counter offers;
    private final Counter moves;
    private final Counter keyframeRequests;
    private final Timer publishLatency;

    public SfuMetrics(MeterRegistry registry) {
        this.registry = registry;
        updates = Counter.builder("convene_sfu_subscription_updates")
                .description("Subscriber join/update requests sent to Janus (each one batch of stream changes)")
                .register(registry);
        batchSize = DistributionSummary.builder("convene_sfu_subscription_batch_streams")
                .description("Streams added or removed by one subscription update")
                .register(registry);
        offers = Counter.builder("convene_sfu_subscriber_offers")
                .description("Subscriber offers sent to clients (ours and Janus' own renegotiations)")
                .register(registry);
        keyframeRequests = Counter.builder("convene_sfu_keyframe_requests")
                .description("Video streams added to a running subscription whose publisher was asked for a keyframe")
                .register(registry);
        moves = Counter.builder("convene_sfu_room_moves")
                .description("SFU rooms moved to another Janus because theirs went down")
                .register(registry);
        publishLatency = Timer.builder("convene_sfu_publish_latency")
                .description("From a publish request to Janus' answer (join excluded)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    /** Gauges per instance of the pool. */
    public void watch(JanusPool pool) {
        for (JanusInstance instance : pool.instances()) {
            Gauge.builder("convene_sfu_janus_up", instance, i -> i.isUp() ? 1 : 0)
                    .description("1 while this replica is connected to the Janus instance")
                    .tag("instance", instance.url()).register(registry);
            Gauge.builder("convene_sfu_janus_rooms", instance, JanusInstance::rooms)
                    .description("Videorooms on the Janus instance (last placement or janitor run)")
                    .tag("instance", instance.url()).register(registry);
            Gauge.builder("convene_sfu_janus_participants", instance, JanusInstance::participants)
                    .description("Videoroom participants on the Janus instance (last placement or janitor run)")
                    .tag("instance", instance.url()).register(registry);
        }
    }

    /** Gauges of this replica's SFU participants. */
    public void watch(Supplier<Number> publishers, Supplier<Number> subscribers) {
        Gauge.builder("convene_sfu_publishers", publishers).description("Participants on this replica publishing to Janus")
                .register(registry);
        Gauge.builder("convene_sfu_subscribers", subscribers).description("Participants on this replica with a subscriber PeerConnection")
                .register(registry);
    }

    public void subscriptionUpdate(int changedStreams) {
        updates.increment();
        batchSize.record(changedStreams);
    }

    public void offerSent() {
        offers.increment();
    }

    public void keyframesRequested(int streams) {
        keyframeRequests.increment(streams);
    }

    public void roomMoved() {
        moves.increment();
    }

    public void restart(String reason) {
        registry.counter("convene_sfu_restarts", "reason", reason).increment();
    }

    public void published(long startNanos) {
        publishLatency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
