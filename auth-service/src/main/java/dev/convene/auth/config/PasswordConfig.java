package dev.convene.auth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Password hashing and the password-reset link. */
@ConfigMapping(prefix = "convene.auth.password")
public interface PasswordConfig {

    /** bcrypt cost (log2 rounds); stored hashes with a lower cost are upgraded at login. */
    @WithDefault("12")
    int bcryptCost();

    /** Validity of a password-reset link. */
    @WithDefault("PT30M")
    Duration resetTtl();
}
