package dev.convene.signaling.recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Retention of recordings (docs/recording.md, "Storage"): deletes processed recordings that
 * stopped more than {@code convene.recording.retention} ago, and Janus' raw {@code .mjr} files
 * older than that (what a failed or interrupted post-processing left behind). A recording still
 * "processing" after a day more is taken as abandoned (its replica died) and goes too. Every
 * replica may sweep the shared folders at once: deleting is idempotent. Blocking I/O.
 */
final class RecordingJanitor {

    private static final Logger LOG = Logger.getLogger(RecordingJanitor.class);
    private static final Duration ABANDONED_AFTER = Duration.ofDays(1);

    private final RecordingStore store;
    private final Path rawDir;
    private final Duration retention;

    RecordingJanitor(RecordingStore store, Path rawDir, Duration retention) {
        this.store = store;
        this.rawDir = rawDir;
        this.retention = retention;
    }

    /** What one sweep removed. */
    record Swept(int recordings, int rawFiles) {
    }

    Swept sweep(long nowMillis) {
        long cutoff = nowMillis - retention.toMillis();
        int recordings = 0;
        for (RecordingStore.Stored stored : store.all()) {
            boolean processing = "processing".equals(stored.meta().path("state").asText());
            long endedAt = stored.meta().path("stoppedAt").asLong(stored.meta().path("startedAt").asLong(nowMillis));
            boolean expired = processing ? endedAt < cutoff - ABANDONED_AFTER.toMillis() : endedAt < cutoff;
            if (expired && deleteFolder(stored)) {
                recordings++;
            }
        }
        int raw = 0;
        try (Stream<Path> files = Files.list(rawDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".mjr")).toList()) {
                if (Files.getLastModifiedTime(file).toMillis() < cutoff && Files.deleteIfExists(file)) {
                    raw++;
                }
            }
        } catch (IOException e) {
            LOG.debugf("recording janitor: cannot list %s: %s", rawDir, e.getMessage());
        }
        if (recordings + raw > 0) {
            LOG.infof("recording janitor: deleted %d recording(s) and %d raw file(s) older than %s", recordings, raw, retention);
        }
        return new Swept(recordings, raw);
    }

    private boolean deleteFolder(RecordingStore.Stored stored) {
        try {
            return store.remove(stored.slug(), stored.recordingId());
        } catch (IOException | IllegalArgumentException e) {
            LOG.debugf("recording janitor: %s/%s: %s", stored.slug(), stored.recordingId(), e.getMessage());
            return false;
        }
    }
}
