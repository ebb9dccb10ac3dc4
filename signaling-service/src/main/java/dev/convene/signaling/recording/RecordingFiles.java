package dev.convene.signaling.recording;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pure rules of recording files: which of Janus' .mjr files belong to a recording, what
 * each participant's output files are called and made of, which names may ever be served, and
 * their content types. No I/O here.
 */
public final class RecordingFiles {

    /**
     * Janus videoroom's own naming (no {@code filename} set by us):
     * {@code videoroom-<room>-user-<publisher>-<time µs>-<audio|video|data>-<mindex>.mjr}
     * (Janus 1.x; older versions have no {@code -<mindex>}).
     */
    static final Pattern JANUS_NAME = Pattern.compile(
            "videoroom-(\\d+)-user-(\\d+)-(\\d+)-(audio|video|data)(?:-(\\d+))?\\.mjr");
    /** Names we produce and the only ones ever served: no separators, no dot segments. */
    static final Pattern SERVED_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,100}\\.(webm|opus)");
    static final Pattern ROOM_SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    static final Pattern RECORDING_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern SAFE_LABEL = Pattern.compile("[A-Za-z0-9-]{1,64}");
    /** Janus stamps a file when its recorder opens; a little before our start counts (clocks, ordering). */
    static final long START_SLACK_US = 5_000_000;

    private RecordingFiles() {
    }

    /** One track as Janus recorded it. */
    public record RawTrack(Path file, long janusRoom, long publisherId, long startedUs, String kind, int mindex) {

        boolean isVideo() {
            return "video".equals(kind);
        }

        boolean isAudio() {
            return "audio".equals(kind);
        }
    }

    /**
     * One output file: made of one track (converted by janus-pp-rec) or of a video and an
     * audio track (both converted, then muxed by ffmpeg).
     */
    public record PlannedFile(String name, String participantId, RawTrack video, RawTrack audio) {

        boolean muxed() {
            return video != null && audio != null;
        }
    }

    /** The track a file of Janus' rec_dir holds, if it is one of Janus' videoroom recordings. */
    public static Optional<RawTrack> parse(Path file) {
        Matcher m = JANUS_NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RawTrack(file, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(3)), m.group(4), m.group(5) == null ? 0 : Integer.parseInt(m.group(5))));
        } catch (NumberFormatException tooLong) {
            return Optional.empty();
        }
    }

    /**
     * The audio and video tracks of Janus room {@code janusRoom} recorded since {@code startedAtMs}
     * (data channels are not recorded media). Room ids are random per placement, so another
     * meeting's files never match; an earlier recording of the same meeting started before.
     */
    public static List<RawTrack> select(List<Path> files, long janusRoom, long startedAtMs) {
        long since = startedAtMs * 1000 - START_SLACK_US;
        return files.stream().map(RecordingFiles::parse).flatMap(Optional::stream)
                .filter(t -> t.janusRoom() == janusRoom && t.startedUs() >= since && !"data".equals(t.kind()))
                .sorted(Comparator.comparingLong(RawTrack::publisherId).thenComparing(RawTrack::kind)
                        .thenComparingInt(RawTrack::mindex).thenComparingLong(RawTrack::startedUs))
                .toList();
    }

    /**
     * The output files. Per publisher (Janus feed; {@code displays} maps it to our participant
     * id): with {@code mux}, its first video and first audio track become {@code <label>.webm};
     * every other track is a file of its own, {@code <label>-video[-n].webm} /
     * {@code <label>-audio[-n].opus}. The label is the participant id when known and safe,
     * otherwise {@code publisher-<feed>}; a label used twice gets a suffix.
     */
    public static List<PlannedFile> plan(List<RawTrack> tracks, Map<Long, String> displays, boolean mux) {
        Map<Long, List<RawTrack>> byPublisher = new LinkedHashMap<>();
        for (RawTrack track : tracks) {
            byPublisher.computeIfAbsent(track.publisherId(), id -> new ArrayList<>()).add(track);
        }
        Set<String> labels = new HashSet<>();
        List<PlannedFile> planned = new ArrayList<>();
        for (Map.Entry<Long, List<RawTrack>> entry : byPublisher.entrySet()) {
            String participant = safeParticipantId(displays.get(entry.getKey()));
            String label = unique(labels, participant != null ? participant : "publisher-" + entry.getKey());
            List<RawTrack> videos = entry.getValue().stream().filter(RawTrack::isVideo).toList();
            List<RawTrack> audios = entry.getValue().stream().filter(RawTrack::isAudio).toList();
            int v = 0;
            int a = 0;
            if (mux && !videos.isEmpty() && !audios.isEmpty()) {
                planned.add(new PlannedFile(label + ".webm", participant, videos.get(0), audios.get(0)));
                v = 1;
                a = 1;
            }
            for (; v < videos.size(); v++) {
                planned.add(new PlannedFile(label + "-video" + (v == 0 ? "" : "-" + (v + 1)) + ".webm", participant,
                        videos.get(v), null));
            }
            for (; a < audios.size(); a++) {
                planned.add(new PlannedFile(label + "-audio" + (a == 0 ? "" : "-" + (a + 1)) + ".opus", participant,
                        null, audios.get(a)));
            }
        }
        return planned;
    }

    /** janus-pp-rec converting one track; the output's extension picks the container. */
    public static List<String> convertCommand(String ppRec, Path mjr, Path output) {
        return List.of(ppRec, mjr.toString(), output.toString());
    }

    /** ffmpeg muxing a converted video (.webm) and audio (.opus) into one .webm, codecs copied. */
    public static List<String> muxCommand(String ffmpeg, Path video, Path audio, Path output) {
        return List.of(ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-i", video.toString(), "-i", audio.toString(),
                "-map", "0:v:0", "-map", "1:a:0", "-c", "copy", "-f", "webm", output.toString());
    }

    /** True for a name we could have produced: the only file names the download route accepts. */
    public static boolean isServableName(String name) {
        return name != null && SERVED_NAME.matcher(name).matches();
    }

    public static boolean isRoomSlug(String slug) {
        return slug != null && ROOM_SLUG.matcher(slug).matches();
    }

    public static boolean isRecordingId(String id) {
        return id != null && RECORDING_ID.matcher(id).matches();
    }

    public static String newRecordingId() {
        return UUID.randomUUID().toString();
    }

    public static String contentType(String name) {
        if (name.endsWith(".webm")) {
            return "video/webm";
        }
        if (name.endsWith(".opus")) {
            return "audio/ogg"; // janus-pp-rec writes Opus in an Ogg container
        }
        return "application/octet-stream";
    }

    private static String safeParticipantId(String display) {
        return display != null && SAFE_LABEL.matcher(display).matches() ? display : null;
    }

    private static String unique(Set<String> used, String label) {
        String candidate = label;
        for (int n = 2; !used.add(candidate); n++) {
            candidate = label + "-" + n;
        }
        return candidate;
    }
}
