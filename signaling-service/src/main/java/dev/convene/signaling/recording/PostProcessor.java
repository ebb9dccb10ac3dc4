package dev.convene.signaling.recording;

import dev.convene.signaling.recording.RecordingFiles.PlannedFile;
import dev.convene.signaling.recording.RecordingFiles.RawTrack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Turns Janus' .mjr files of one recording into playable files, off the event loop: a small
 * pool of its own ({@code maxConcurrent} recordings at a time), each recording's tools run one
 * after another, every run bounded by {@code timeout} (then killed). janus-pp-rec converts each
 * track (VP8 → .webm, Opus → .opus); ffmpeg, when available, muxes a participant's audio and
 * video into one .webm without re-encoding. A file whose tools fail is left out; the result
 * says so.
 */
public final class PostProcessor implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PostProcessor.class);
    private static final int MAX_OUTPUT = 4096;

    /** What came out: the files made (in the recording's folder), and what went wrong. */
    public record Result(List<Made> files, int failed, boolean timedOut, int tracks) {
    }

    public record Made(String name, long size, String participantId) {
    }

    private final String ppRec;
    private final String ffmpeg;
    private final Duration timeout;
    private final ExecutorService pool;
    private volatile Boolean ffmpegAvailable;

    public PostProcessor(String ppRec, String ffmpeg, Duration timeout, int maxConcurrent) {
        this.ppRec = ppRec;
        this.ffmpeg = ffmpeg == null || ffmpeg.isBlank() || "none".equalsIgnoreCase(ffmpeg.strip()) ? null : ffmpeg.strip();
        this.timeout = timeout;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(Math.max(1, maxConcurrent), Math.max(1, maxConcurrent), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "recording-postprocess-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        ((ThreadPoolExecutor) pool).allowCoreThreadTimeOut(true);
    }

    /** True if muxing is configured and the ffmpeg command runs here (checked once). */
    public boolean muxing() {
        if (ffmpeg == null) {
            return false;
        }
        Boolean known = ffmpegAvailable;
        if (known == null) {
            known = run(List.of(ffmpeg, "-hide_banner", "-version"), Duration.ofSeconds(20)) == Outcome.OK;
            ffmpegAvailable = known;
            if (!known) {
                LOG.infof("recording: %s is not available; participants' audio and video stay separate files", ffmpeg);
            }
        }
        return known;
    }

    /** Processes {@code tracks} into {@code outputDir} (created); completes on the pool's thread. */
    public CompletableFuture<Result> process(List<RawTrack> tracks, Map<Long, String> displays, Path outputDir) {
        return CompletableFuture.supplyAsync(() -> processNow(tracks, displays, outputDir), pool);
    }

    Result processNow(List<RawTrack> tracks, Map<Long, String> displays, Path outputDir) {
        List<Made> made = new ArrayList<>();
        int failed = 0;
        boolean timedOut = false;
        Path work = outputDir.resolve(".work");
        try {
            Files.createDirectories(work);
            for (PlannedFile file : RecordingFiles.plan(tracks, displays, muxing())) {
                Path target = outputDir.resolve(file.name());
                Outcome outcome = file.muxed() ? mux(file, work, target) : convert(file.video() != null ? file.video() : file.audio(), target);
                if (outcome == Outcome.OK && Files.isRegularFile(target) && Files.size(target) > 0) {
                    made.add(new Made(file.name(), Files.size(target), file.participantId()));
                } else {
                    failed++;
                    timedOut |= outcome == Outcome.TIMEOUT;
                    Files.deleteIfExists(target);
                }
            }
        } catch (IOException e) {
            LOG.warnf("recording: post-processing into %s failed: %s", outputDir, e.getMessage());
            failed++;
        } finally {
            deleteTree(work);
        }
        return new Result(List.copyOf(made), failed, timedOut, tracks.size());
    }

    private Outcome convert(RawTrack track, Path target) {
        return run(RecordingFiles.convertCommand(ppRec, track.file(), target), timeout);
    }

    private Outcome mux(PlannedFile file, Path work, Path target) throws IOException {
        String base = file.name().substring(0, file.name().length() - ".webm".length());
        Path video = work.resolve(base + "-v.webm");
        Path audio = work.resolve(base + "-a.opus");
        Outcome v = convert(file.video(), video);
        Outcome a = v == Outcome.OK ? convert(file.audio(), audio) : v;
        Outcome m = a == Outcome.OK ? run(RecordingFiles.muxCommand(ffmpeg, video, audio, target), timeout) : a;
        Files.deleteIfExists(video);
        Files.deleteIfExists(audio);
        return m;
    }

    enum Outcome { OK, FAILED, TIMEOUT }

    /** Runs a command (no shell) with a deadline; its output is logged on failure, capped. */
    private static Outcome run(List<String> command, Duration limit) {
        Path log = null;
        Process process = null;
        try {
            log = Files.createTempFile("convene-recording", ".log");
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                LOG.warnf("recording: %s took longer than %s and was killed", command.get(0), limit);
                return Outcome.TIMEOUT;
            }
            if (process.exitValue() != 0) {
                LOG.warnf("recording: %s exited with %d: %s", String.join(" ", command), process.exitValue(), tail(log));
                return Outcome.FAILED;
            }
            return Outcome.OK;
        } catch (IOException e) {
            LOG.debugf("recording: cannot run %s: %s", command.get(0), e.getMessage());
            return Outcome.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                process.destroyForcibly();
            }
            return Outcome.FAILED;
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // temp file
                }
            }
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() > MAX_OUTPUT ? "…" + text.substring(text.length() - MAX_OUTPUT) : text.strip();
        } catch (IOException | RuntimeException e) {
            return "(no output)";
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
