package dev.convene.signaling.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** When AUTO rooms switch between P2P (mesh) and SFU (docs/sfu.md, "AUTO switching"). */
@ConfigMapping(prefix = "convene.media")
public interface MediaModeConfig {

    /** P2P while the room has at most this many participants; SFU above. */
    @WithDefault("4")
    int autoThreshold();

    /** A room that shrank to the threshold goes back to P2P after this long (Jitsi's model: 5 s). */
    @WithDefault("5S")
    Duration backToP2pDelay();

    /** A switch commits when every participant reported the new path ready, or after this long. */
    @WithDefault("8S")
    Duration switchTimeout();

    /** How often each replica re-checks its AUTO rooms (e.g. the SFU came back, an event was missed). */
    @WithDefault("5S")
    Duration recheckInterval();

    /** A P2P sender is overloaded when its weakest link's estimated uplink is below this (kbit/s)... */
    @WithDefault("250")
    int minAvailableKbps();

    /** ... or a receiver reports this much loss (0-1) ... */
    @WithDefault("0.08")
    double maxLossRate();

    /** ... in this many consecutive media-stats reports (6 s apart). */
    @WithDefault("3")
    int overloadReports();
}
