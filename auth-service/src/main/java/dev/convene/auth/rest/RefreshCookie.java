package dev.convene.auth.rest;

import dev.convene.auth.config.SessionConfig;
import dev.convene.auth.service.SessionService.OpenSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The refresh token's only transport: HttpOnly (scripts never see it), SameSite=Strict (never
 * sent by other sites), Path=/api/auth (never sent to other services), Secure outside local
 * http runs and tests.
 */
@ApplicationScoped
public class RefreshCookie {

    static final String PATH = "/api/auth";

    private final SessionConfig config;

    public RefreshCookie(SessionConfig config) {
        this.config = config;
    }

    public NewCookie issue(OpenSession session) {
        long maxAge = Math.max(0, Duration.between(Instant.now(), session.expiresAt()).toSeconds());
        return builder(session.refreshToken()).maxAge((int) Math.min(Integer.MAX_VALUE, maxAge)).build();
    }

    public NewCookie clear() {
        return builder("").maxAge(0).build();
    }

    /** The presented refresh token, if any. */
    public Optional<String> read(HttpHeaders headers) {
        Cookie cookie = headers.getCookies().get(config.cookieName());
        return Optional.ofNullable(cookie).map(Cookie::getValue).filter(value -> !value.isEmpty());
    }

    private NewCookie.Builder builder(String value) {
        return new NewCookie.Builder(config.cookieName())
                .value(value)
                .path(PATH)
                .httpOnly(true)
                .secure(config.cookieSecure())
                .sameSite(NewCookie.SameSite.STRICT);
    }
}
