package dev.convene.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Sessions (refresh-token families) and the cookie that carries their refresh token. */
@ConfigMapping(prefix = "convene.auth.session")
public interface SessionConfig {

    /** A refresh token unused for this long expires; each rotation starts the period again. */
    @WithDefault("P14D")
    Duration refreshIdleTtl();

    /** Absolute lifetime of a session, however often it is refreshed. */
    @WithDefault("P30D")
    Duration maxTtl();

    /**
     * How long after a rotation the previous token is answered with "superseded" instead of
     * being treated as stolen: two tabs refreshing at once must not log the user out.
     */
    @WithDefault("PT10S")
    Duration reuseGrace();

    /** How long ended sessions are kept (for support) before the janitor deletes them. */
    @WithDefault("P7D")
    Duration retention();

    @WithDefault("convene_refresh")
    String cookieName();

    /** Secure attribute of the cookie: on everywhere except local http runs and tests. */
    @WithDefault("true")
    boolean cookieSecure();
}
