package dev.convene.signaling.sfu.janus;

import java.time.Duration;
import java.util.Optional;

/** How a {@link JanusConnection} talks to its Janus (from JanusConfig, or set by tests). */
public record JanusSettings(Optional<String> apiSecret, Duration requestTimeout, Duration keepaliveInterval,
        Duration pingInterval, Duration maxReconnectDelay) {

    /** Janus drops a session after 60 s without traffic; stay well inside that. */
    static final Duration MAX_KEEPALIVE = Duration.ofSeconds(25);

    public JanusSettings {
        if (keepaliveInterval.compareTo(MAX_KEEPALIVE) > 0) {
            keepaliveInterval = MAX_KEEPALIVE;
        }
    }

    public static JanusSettings defaults(String apiSecret) {
        return new JanusSettings(Optional.ofNullable(apiSecret), Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(5), Duration.ofSeconds(5));
    }
}
