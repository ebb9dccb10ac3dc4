package dev.convene.signaling.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** SFU behaviour: videoroom settings of the rooms we create, batching, placement (docs/sfu.md). */
@ConfigMapping(prefix = "convene.sfu")
public interface SfuConfig {

    /** Subscription changes arriving within this window go to Janus as one update. */
    @WithDefault("80ms")
    Duration batchDelay();

    /** A subscriber offer not answered within this long no longer holds back further updates. */
    @WithDefault("15S")
    Duration answerTimeout();

    /** Videoroom "publishers": most simultaneous publishers of one room. */
    @WithDefault("100")
    int maxPublishers();

    /** Videoroom "bitrate": cap (bits/s) Janus asks each publisher to stay under (REMB); 0 = none. */
    @WithDefault("3000000")
    long publisherBitrate();

    /** Videoroom "fir_freq": seconds between keyframe requests; low so layer switches are quick. */
    @WithDefault("2")
    int firFrequency();

    /** Folder (on the Janus host) for recordings of rooms created with recording on. */
    Optional<String> recordingDir();

    /** Lifetime of a room's placement key in Redis; replicas with participants renew it. */
    @WithDefault("5M")
    Duration placementTtl();

    /** How often placements are renewed and compared with Redis (a move by another replica). */
    @WithDefault("30S")
    Duration placementRefresh();

    /** How often empty rooms without a placement are removed from every Janus. */
    @WithDefault("60S")
    Duration janitorInterval();
}
