package dev.convene.signaling.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The per-environment prefix of every Redis key and channel (docs/events.md). */
@ConfigMapping(prefix = "convene.events")
public interface EventsConfig {

    @WithDefault("convene")
    String prefix();
}
