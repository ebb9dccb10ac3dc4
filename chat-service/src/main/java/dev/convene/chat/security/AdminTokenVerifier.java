package dev.convene.chat.security;

import dev.convene.chat.config.ChatConfig;
import dev.convene.chat.service.ChatErrors;
import dev.convene.common.error.ApiException;
import dev.convene.common.error.ErrorCodes;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies auth-service access tokens for the admin API. A second, independent smallrye-jwt
 * parser: {@code mp.jwt.*} is taken by room tokens, and one context has one key location.
 * The parser keeps its key (or JWKS, refetched on an unknown kid) for the process lifetime.
 */
@ApplicationScoped
public class AdminTokenVerifier {

    private final JWTParser parser;

    AdminTokenVerifier(ChatConfig config) {
        JWTAuthContextInfo context = new JWTAuthContextInfo(config.adminToken().publicKeyLocation(),
                config.adminToken().issuer());
        context.setForcedJwksRefreshInterval(1);
        this.parser = new DefaultJWTParser(context);
    }

    public AdminCaller verify(String authorization) {
        JsonWebToken jwt;
        try {
            jwt = parser.parse(BearerTokens.extract(authorization));
        } catch (ParseException e) {
            throw ChatErrors.unauthorized("Invalid or expired access token");
        }
        if (jwt.getGroups() == null || !jwt.getGroups().contains("admin")) {
            throw new ApiException(403, ErrorCodes.FORBIDDEN, "Administrators only");
        }
        String name = BearerTokens.string(jwt.getClaim("name"));
        return new AdminCaller(jwt.getSubject(), name == null ? "" : name);
    }
}
