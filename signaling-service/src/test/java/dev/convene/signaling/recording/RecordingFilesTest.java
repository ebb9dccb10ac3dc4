package dev.convene.signaling.recording;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convene.signaling.recording.RecordingFiles.PlannedFile;
import dev.convene.signaling.recording.RecordingFiles.RawTrack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pure rules: which .mjr files belong to a recording, output names, commands, servable names, ranges. */
class RecordingFilesTest {

    private static final Path REC = Path.of("/rec");
    private static final long ROOM = 4242;
    private static final long START_MS = 1_763_731_200_000L;

    private static Path mjr(long room, long feed, long startMs, String kind, int mindex) {
        return REC.resolve("videoroom-" + room + "-user-" + feed + "-" + (startMs * 1000 + 123) + "-" + kind + "-" + mindex + ".mjr");
    }

    @Test
    void parsesJanusNamesOnly() {
        RawTrack t = RecordingFiles.parse(mjr(ROOM, 77, START_MS, "video", 1)).orElseThrow();
        assertEquals(ROOM, t.janusRoom());
        assertEquals(77, t.publisherId());
        assertEquals("video", t.kind());
        assertEquals(1, t.mindex());
        assertEquals(0, RecordingFiles.parse(REC.resolve("videoroom-1-user-2-3-audio.mjr")).orElseThrow().mindex(), "Janus 0.x names");
        assertTrue(RecordingFiles.parse(REC.resolve("notes.txt")).isEmpty());
        assertTrue(RecordingFiles.parse(REC.resolve("videoroom-1-user-2-3-audio-0.mjr.tmp")).isEmpty());
        assertTrue(RecordingFiles.parse(REC.resolve("videoroom-99999999999999999999-user-2-3-audio-0.mjr")).isEmpty());
    }

    @Test
    void selectsThisRoomsAudioAndVideoSinceTheStart() {
        List<Path> files = List.of(
                mjr(ROOM, 1, START_MS + 10, "audio", 0),
                mjr(ROOM, 1, START_MS + 10, "video", 1),
                mjr(ROOM, 1, START_MS + 10, "data", 2),          // data channel: not media
                mjr(ROOM + 1, 1, START_MS + 10, "video", 1),     // another meeting
                mjr(ROOM, 1, START_MS - 60_000, "video", 1),     // an earlier recording of this meeting
                mjr(ROOM, 2, START_MS - 1_000, "video", 1));     // opened just before our start: ours
        List<RawTrack> selected = RecordingFiles.select(files, ROOM, START_MS);
        assertEquals(List.of(files.get(0), files.get(1), files.get(5)), selected.stream().map(RawTrack::file).toList());
    }

    @Test
    void plansOneMuxedFilePerParticipantWithFfmpeg() {
        List<RawTrack> tracks = RecordingFiles.select(List.of(
                mjr(ROOM, 1, START_MS, "audio", 0), mjr(ROOM, 1, START_MS, "video", 1), mjr(ROOM, 1, START_MS, "video", 2),
                mjr(ROOM, 2, START_MS, "audio", 0), mjr(ROOM, 3, START_MS, "video", 0)), ROOM, START_MS);
        List<PlannedFile> plan = RecordingFiles.plan(tracks, Map.of(1L, "5c0e-alice", 2L, "bob/../x"), true);
        assertEquals(List.of("5c0e-alice.webm", "5c0e-alice-video-2.webm", "publisher-2-audio.opus", "publisher-3-video.webm"),
                plan.stream().map(PlannedFile::name).toList());
        assertTrue(plan.get(0).muxed());
        assertEquals(1, plan.get(0).video().mindex());
        assertEquals("5c0e-alice", plan.get(0).participantId());
        assertNull(plan.get(2).participantId(), "an unsafe display is not used");
        plan.stream().map(PlannedFile::name).forEach(n -> assertTrue(RecordingFiles.isServableName(n), n));
    }

    @Test
    void plansSeparateFilesWithoutFfmpegAndKeepsLabelsUnique() {
        List<RawTrack> tracks = RecordingFiles.select(List.of(
                mjr(ROOM, 1, START_MS, "audio", 0), mjr(ROOM, 1, START_MS, "video", 1),
                mjr(ROOM, 2, START_MS, "video", 1)), ROOM, START_MS);
        List<PlannedFile> plan = RecordingFiles.plan(tracks, Map.of(1L, "p", 2L, "p"), false);
        assertEquals(List.of("p-video.webm", "p-audio.opus", "p-2-video.webm"), plan.stream().map(PlannedFile::name).toList());
        assertFalse(plan.get(0).muxed());
    }

    @Test
    void commandLinesRunTheToolsWithoutAShell() {
        assertEquals(List.of("janus-pp-rec", "/rec/a.mjr", "/out/a.webm"),
                RecordingFiles.convertCommand("janus-pp-rec", Path.of("/rec/a.mjr"), Path.of("/out/a.webm")));
        assertEquals(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", "/w/v.webm", "-i", "/w/a.opus",
                        "-map", "0:v:0", "-map", "1:a:0", "-c", "copy", "-f", "webm", "/out/p.webm"),
                RecordingFiles.muxCommand("ffmpeg", Path.of("/w/v.webm"), Path.of("/w/a.opus"), Path.of("/out/p.webm")));
    }

    @Test
    void onlyProducedNamesAndGeneratedIdsAreServable() {
        for (String bad : new String[] {"recording.json", "../x.webm", "a/b.webm", ".webm", ".hidden.webm", "x.mjr", "x.webm.tmp",
                "x..webm", "", "x webm.webm"}) {
            assertFalse(RecordingFiles.isServableName(bad), bad);
        }
        assertTrue(RecordingFiles.isServableName("publisher-3-video-2.webm"));
        assertTrue(RecordingFiles.isRecordingId(RecordingFiles.newRecordingId()));
        assertFalse(RecordingFiles.isRecordingId("../../etc"));
        assertFalse(RecordingFiles.isRoomSlug("../abc"));
        assertTrue(RecordingFiles.isRoomSlug("abc-defg-hij"));
        assertEquals("video/webm", RecordingFiles.contentType("a.webm"));
        assertEquals("audio/ogg", RecordingFiles.contentType("a.opus"));
    }

    @Test
    void byteRanges() {
        assertNull(RecordingRoutes.range(null, 1000));
        assertNull(RecordingRoutes.range("bytes=0-1,5-6", 1000), "several ranges: the whole file");
        assertNull(RecordingRoutes.range("items=0-1", 1000));
        assertArrayEquals(new long[] {0, 99}, RecordingRoutes.range("bytes=0-99", 1000));
        assertArrayEquals(new long[] {900, 999}, RecordingRoutes.range("bytes=900-", 1000));
        assertArrayEquals(new long[] {900, 999}, RecordingRoutes.range("bytes=-100", 1000));
        assertArrayEquals(new long[] {0, 999}, RecordingRoutes.range("bytes=-5000", 1000));
        assertArrayEquals(new long[] {10, 999}, RecordingRoutes.range("bytes=10-5000", 1000));
        assertEquals(0, RecordingRoutes.range("bytes=1000-", 1000).length);
        assertEquals(0, RecordingRoutes.range("bytes=5-4", 1000).length);
        assertEquals(0, RecordingRoutes.range("bytes=99999999999999999999-", 1000).length);
    }
}
