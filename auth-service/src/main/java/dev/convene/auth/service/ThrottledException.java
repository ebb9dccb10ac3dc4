package dev.convene.auth.service;

import java.time.Duration;

/** Too many failed attempts: answered 429 with Retry-After. */
public class ThrottledException extends RuntimeException {

    private final Duration retryAfter;

    public ThrottledException(Duration retryAfter) {
        super("Too many failed attempts", null, false, false);
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, at least one. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
