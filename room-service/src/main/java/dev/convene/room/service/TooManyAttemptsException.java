package dev.convene.room.service;

import dev.convene.common.error.ApiException;
import java.time.Duration;
import java.util.Map;

/** 429 with the number of seconds until the caller may try again (sent as Retry-After). */
public class TooManyAttemptsException extends ApiException {

    public TooManyAttemptsException(long retryAfterSeconds) {
        super(429, RoomErrors.TOO_MANY_ATTEMPTS, "Too many wrong passcodes: try again later",
                Map.of(), retryAfter(Duration.ofSeconds(retryAfterSeconds)));
    }
}
