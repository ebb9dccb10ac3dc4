package dev.convene.signaling.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** signaling-service's own behaviour (application.properties, section "signaling behaviour"). */
@ConfigMapping(prefix = "convene.signaling")
public interface SignalingConfig {

    /** Lifetime of {p}:replica:{id}; a crashed replica's participants stop counting after it. */
    @WithDefault("15S")
    Duration replicaTtl();

    /** How often a replica renews its key (and re-asserts its presence if the key was gone). */
    @WithDefault("5S")
    Duration heartbeatInterval();

    /** How often each replica removes presence entries of replicas whose key expired. */
    @WithDefault("5S")
    Duration sweepInterval();

    /** How long a dropped participant keeps its id, waiting for a resume. */
    @WithDefault("15S")
    Duration reconnectGrace();

    /** A connection that sends no frame (pongs included) for this long is closed (4408). */
    @WithDefault("60S")
    Duration idleTimeout();

    /** Frames kept for a participant in its reconnect grace, delivered when it resumes. */
    @WithDefault("128")
    int graceBufferFrames();

    /** HMAC key for resume credentials; by default derived from the coturn shared secret. */
    Optional<String> resumeSecret();

    RateLimit rateLimit();

    interface RateLimit {
        /** Sustained messages per second per connection. */
        @WithDefault("100")
        int perSecond();

        /** Bucket size: messages accepted in a burst. */
        @WithDefault("300")
        int burst();

        /** Dropped messages within 10 s after which the connection is closed with 1008. */
        @WithDefault("200")
        int closeAfter();
    }
}
