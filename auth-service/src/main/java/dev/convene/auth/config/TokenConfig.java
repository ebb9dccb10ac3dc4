package dev.convene.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Access tokens: who issues them and how long they live. */
@ConfigMapping(prefix = "convene.auth.token")
public interface TokenConfig {

    /** {@code iss} of every token, checked when this service verifies its own tokens. */
    @WithDefault("convene-auth")
    String issuer();

    /** Lifetime of a user's access token; the refresh cookie renews it. */
    @WithDefault("PT15M")
    Duration accessTtl();

    /** Lifetime of a guest token: guests have no refresh token, so it outlives a meeting. */
    @WithDefault("PT2H")
    Duration guestTtl();

    /**
     * How long one guest identity lasts at most: a guest renews its token (same subject and
     * name) before it expires, until this long after the first one was issued.
     */
    @WithDefault("PT12H")
    Duration guestMaxAge();
}
