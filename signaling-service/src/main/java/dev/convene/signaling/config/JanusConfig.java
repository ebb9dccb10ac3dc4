package dev.convene.signaling.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How signaling-service reaches its pool of Janus instances (docs/sfu.md, "Configuration").
 * The Helm chart sets CONVENE_JANUS_URLS, CONVENE_JANUS_API_SECRET and CONVENE_JANUS_ADMIN_KEY;
 * dev/test read the secrets from the generated configuration (scripts/infra.sh).
 */
@ConfigMapping(prefix = "convene.janus")
public interface JanusConfig {

    /** WebSocket API URLs (ws://host:8188), one per Janus. None: SFU mode is unavailable. */
    Optional<List<String>> urls();

    /** Janus' api_secret, sent with every request. */
    Optional<String> apiSecret();

    /** The videoroom plugin's admin_key: needed to create rooms. */
    Optional<String> adminKey();

    /** A request without its final answer after this long fails (the Janus may be stuck). */
    @WithDefault("10S")
    Duration requestTimeout();

    /** Session keepalive period; Janus drops sessions silent for 60 s (capped at 25 s). */
    @WithDefault("20S")
    Duration keepaliveInterval();

    /** Liveness probe of each connection ("ping"); a missed pong marks the Janus down. */
    @WithDefault("5S")
    Duration pingInterval();

    /** Longest wait between reconnection attempts to a Janus that is down. */
    @WithDefault("5S")
    Duration maxReconnectDelay();
}
