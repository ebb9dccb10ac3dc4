package dev.convene.common.security;

import dev.convene.common.error.ApiException;
import dev.convene.common.error.ErrorCodes;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.json.JsonString;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies auth-service access tokens for a service's admin API (group {@code admin}). A
 * smallrye-jwt parser of its own: a service's {@code mp.jwt.*} belongs to its room tokens, and one
 * context has one key location. The parser keeps the key (or the JWKS, fetched again for an
 * unknown kid) for the process' lifetime.
 */
public final class AdminAccessTokens {

    /** Who called the admin API: the access token's subject and display name. */
    public record AdminCaller(String userId, String name) {
    }

    private final JWTParser parser;

    /** @param publicKeyLocation auth-service's JWKS URL or a PEM file; @param issuer its {@code iss} */
    public AdminAccessTokens(String publicKeyLocation, String issuer) {
        JWTAuthContextInfo context = new JWTAuthContextInfo(publicKeyLocation, issuer);
        context.setForcedJwksRefreshInterval(1);
        this.parser = new DefaultJWTParser(context);
    }

    /** The administrator behind {@code Authorization: Bearer …}: 401 {@code unauthorized}, 403 {@code forbidden}. */
    public AdminCaller verify(String authorization) {
        String token = BearerHeader.token(authorization);
        if (token.isEmpty()) {
            throw unauthorized("A bearer token is required");
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            throw unauthorized("Invalid or expired access token");
        }
        if (jwt.getGroups() == null || !jwt.getGroups().contains("admin")) {
            throw new ApiException(403, ErrorCodes.FORBIDDEN, "Administrators only");
        }
        Object name = jwt.getClaim("name");
        String display = name instanceof JsonString json ? json.getString() : name instanceof String s ? s : "";
        return new AdminCaller(jwt.getSubject(), display);
    }

    private static ApiException unauthorized(String message) {
        return new ApiException(401, ErrorCodes.UNAUTHORIZED, message, Map.of(), Map.of("WWW-Authenticate", "Bearer"));
    }
}
