package dev.convene.signaling.recording;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Prometheus metrics of server-side recording (docs/recording.md): recordings running that
 * this replica started, finished recordings by outcome, post-processing time.
 */
public final class RecordingMetrics {

    private final Counter ready;
    private final Counter failed;
    private final Timer postProcessing;

    public RecordingMetrics(MeterRegistry registry, Supplier<Number> active) {
        Gauge.builder("convene_recordings_active", active).description("Recordings running that this replica watches (it started them or serves the meeting)")
                .register(registry);
        ready = Counter.builder("convene_recordings").tag("outcome", "ready")
                .description("Recordings finished, by outcome (ready: downloadable files; failed)").register(registry);
        failed = Counter.builder("convene_recordings").tag("outcome", "failed")
                .description("Recordings finished, by outcome (ready: downloadable files; failed)").register(registry);
        postProcessing = Timer.builder("convene_recording_postprocess")
                .description("janus-pp-rec and ffmpeg work of one recording, from stop to files ready")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofMinutes(30))
                .register(registry);
    }

    void finished(boolean ok, Duration processing) {
        (ok ? ready : failed).increment();
        if (processing != null) {
            postProcessing.record(processing);
        }
    }
}
