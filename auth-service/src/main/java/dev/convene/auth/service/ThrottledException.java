package dev.convene.auth.service;

import dev.convene.common.error.ApiException;
import dev.convene.common.error.ErrorCodes;
import java.time.Duration;
import java.util.Map;

/** Too many failed attempts: answered 429 with Retry-After. */
public class ThrottledException extends ApiException {

    public ThrottledException(Duration retryAfter) {
        super(429, ErrorCodes.RATE_LIMITED, "Too many failed attempts: retry later", Map.of(), retryAfter(retryAfter));
    }
}
