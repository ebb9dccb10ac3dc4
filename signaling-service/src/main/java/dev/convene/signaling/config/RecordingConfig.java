package dev.convene.signaling.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Server-side recording in SFU mode (docs/recording.md): where processed recordings are kept,
 * which tools post-process Janus' .mjr files, and the bounds of that work. Janus writes its raw
 * files into {@code convene.sfu.recording-dir}; both folders must be readable (and the first
 * writable) by every signaling replica (a shared volume in Kubernetes).
 */
@ConfigMapping(prefix = "convene.recording")
public interface RecordingConfig {

    /** Folder of processed recordings ({slug}/{recordingId}/…). None: recording is unavailable. */
    Optional<String> dir();

    /** janus-pp-rec (Debian package janus-tools): converts one .mjr into .webm (VP8) or .opus. */
    @WithDefault("janus-pp-rec")
    String ppRec();

    /**
     * ffmpeg, to mux each participant's audio and video into one .webm (codecs copied, no
     * re-encoding). "none", or a command that is not installed: the separate files are the result.
     */
    @WithDefault("ffmpeg")
    String ffmpeg();

    /** One janus-pp-rec or ffmpeg run longer than this is killed (its output counts as failed). */
    @WithDefault("10M")
    Duration processTimeout();

    /** Recordings post-processed at the same time on this replica (each runs its tools one by one). */
    @WithDefault("2")
    int maxConcurrent();

    /** Keep Janus' .mjr files after a recording was processed completely (by default they are deleted). */
    @WithDefault("false")
    boolean keepRaw();

    /** A recording running this long is stopped by the server. */
    @WithDefault("4H")
    Duration maxDuration();

    /**
     * Processed recordings are deleted this long after they stopped, and Janus' leftover raw files
     * this long after they were written (RecordingJanitor, every hour). 0: kept until deleted.
     */
    @WithDefault("30D")
    Duration retention();

    /** How often the retention is applied. */
    @WithDefault("1H")
    Duration janitorInterval();

    /** How often each replica watching a recording checks that its SFU room still exists. */
    @WithDefault("10S")
    Duration watchInterval();
}
