package dev.convene.signaling.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting recordings (a host's request, the retention) on a real folder. */
class RecordingJanitorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final String ROOM = "abc-defg-hij";

    @TempDir
    Path dir;

    private String recording(RecordingStore store, String state, long startedAt, Long stoppedAt) throws IOException {
        String id = UUID.randomUUID().toString();
        ObjectNode meta = JSON.createObjectNode().put("recordingId", id).put("room", ROOM).put("state", state)
                .put("startedAt", startedAt);
        if (stoppedAt != null) {
            meta.put("stoppedAt", stoppedAt);
        }
        meta.putArray("files").addObject().put("name", "p.webm");
        store.save(ROOM, id, meta);
        Files.writeString(store.folder(ROOM, id).resolve("p.webm"), "video");
        return id;
    }

    private static Path raw(Path rawDir, String name, long modifiedAt) throws IOException {
        Path file = Files.writeString(rawDir.resolve(name), "mjr");
        Files.setLastModifiedTime(file, FileTime.fromMillis(modifiedAt));
        return file;
    }

    @Test
    void theRetentionDeletesWhatStoppedLongAgoAndWhatWasAbandonedAndKeepsTheRest() throws IOException {
        long now = System.currentTimeMillis();
        RecordingStore store = new RecordingStore(dir.resolve("processed"), JSON);
        Path rawDir = Files.createDirectories(dir.resolve("janus"));
        String oldReady = recording(store, "ready", now - 41 * DAY, now - 40 * DAY);
        String oldFailed = recording(store, "failed", now - 41 * DAY, now - 40 * DAY);
        String recent = recording(store, "ready", now - 2 * DAY, now - 2 * DAY + 60_000);
        String abandoned = recording(store, "processing", now - 32 * DAY, null); // its replica died
        String processingLate = recording(store, "processing", now - 30 * DAY - DAY / 2, null); // within the extra day
        Path oldRaw = raw(rawDir, "videoroom-1234-user-1-1700000000000000-video.mjr", now - 31 * DAY);
        Path newRaw = raw(rawDir, "videoroom-1234-user-2-1700000000000000-audio.mjr", now - DAY);
        Path notOurs = raw(rawDir, "notes.txt", now - 90 * DAY);

        RecordingJanitor.Swept swept = new RecordingJanitor(store, rawDir, Duration.ofDays(30)).sweep(now);

        assertEquals(new RecordingJanitor.Swept(3, 1), swept);
        for (String gone : new String[] {oldReady, oldFailed, abandoned}) {
            assertFalse(Files.exists(store.folder(ROOM, gone)), gone);
        }
        assertTrue(store.load(ROOM, recent).isPresent());
        assertTrue(store.load(ROOM, processingLate).isPresent());
        assertFalse(Files.exists(oldRaw));
        assertTrue(Files.exists(newRaw));
        assertTrue(Files.exists(notOurs), "only Janus' .mjr files are swept");
        assertEquals(new RecordingJanitor.Swept(0, 0), new RecordingJanitor(store, rawDir, Duration.ofDays(30)).sweep(now),
                "a second sweep (another replica) finds nothing");
    }

    @Test
    void aHostDeletesAFinishedRecordingButNotOneBeingProcessed() throws IOException {
        long now = System.currentTimeMillis();
        RecordingStore store = new RecordingStore(dir.resolve("processed"), JSON);
        String ready = recording(store, "ready", now - 60_000, now);
        String processing = recording(store, "processing", now - 60_000, now);

        assertEquals(RecordingStore.Deletion.PROCESSING, store.delete(ROOM, processing));
        assertTrue(Files.exists(store.folder(ROOM, processing).resolve("p.webm")));
        assertEquals(RecordingStore.Deletion.DELETED, store.delete(ROOM, ready));
        assertFalse(Files.exists(store.folder(ROOM, ready)));
        assertEquals(RecordingStore.Deletion.NOT_FOUND, store.delete(ROOM, ready));
        assertEquals(RecordingStore.Deletion.NOT_FOUND, store.delete(ROOM, "not-a-uuid"));
        assertEquals(1, store.list(ROOM).size());
    }
}
