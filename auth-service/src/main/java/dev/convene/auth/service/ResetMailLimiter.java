package dev.convene.auth.service;

import dev.convene.auth.config.ThrottleConfig;
import dev.convene.auth.security.SecretTokens;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Caps reset mails per address, so "forgot password" cannot be used to flood someone's inbox.
 * Requests over the cap are answered like any other (202) but send nothing.
 */
@ApplicationScoped
public class ResetMailLimiter {

    private final WindowCounters counters;
    private final ThrottleConfig config;

    public ResetMailLimiter(WindowCounters counters, ThrottleConfig config) {
        this.counters = counters;
        this.config = config;
    }

    public boolean allow(String normalizedEmail) {
        String key = config.keyPrefix() + ":reset-mail:" + SecretTokens.hash(normalizedEmail);
        return counters.increment(key, config.resetMailWindow()).count() <= config.resetMailsPerAddress();
    }
}
