package dev.convene.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Limits on password guessing and reset mails; counters live in Redis (fixed windows). */
@ConfigMapping(prefix = "convene.auth.throttle")
public interface ThrottleConfig {

    /** Prefix of the Redis keys, one per environment sharing a Redis server. */
    @WithDefault("convene:auth:throttle")
    String keyPrefix();

    @WithDefault("5")
    int accountMaxFailures();

    @WithDefault("PT15M")
    Duration accountWindow();

    @WithDefault("20")
    int ipMaxFailures();

    @WithDefault("PT15M")
    Duration ipWindow();

    /** Reset mails sent to one address per window; further requests are answered but not mailed. */
    @WithDefault("3")
    int resetMailsPerAddress();

    @WithDefault("PT1H")
    Duration resetMailWindow();
}
