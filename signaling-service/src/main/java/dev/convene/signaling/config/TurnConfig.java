package dev.convene.signaling.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** coturn: shared secret for TURN REST API credentials, the URLs handed to browsers. */
@ConfigMapping(prefix = "convene.turn")
public interface TurnConfig {

    /** coturn's static-auth-secret (use-auth-secret). */
    String secret();

    /** stun:/turn:/turns: URLs, in the order browsers should try them. */
    List<String> urls();

    /** Lifetime of a credential; TURN allocations cannot be refreshed after it. */
    @WithDefault("12H")
    Duration ttl();
}
