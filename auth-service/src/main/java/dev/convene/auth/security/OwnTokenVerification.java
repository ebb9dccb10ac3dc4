package dev.convene.auth.security;

import dev.convene.auth.config.TokenConfig;
import io.smallrye.jwt.KeyFormat;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import java.util.Set;

/**
 * Makes smallrye-jwt verify bearer tokens against this service's own key ring (the same JWK
 * Set it publishes), so /me and /api/admin accept tokens signed by the current or a previous
 * key, selected by {@code kid}. Replaces the {@code mp.jwt.verify.*} configuration.
 */
@ApplicationScoped
public class OwnTokenVerification {

    @Produces
    @Alternative
    @Priority(1)
    @ApplicationScoped
    JWTAuthContextInfo contextInfo(SigningKeys keys, TokenConfig config) {
        JWTAuthContextInfo info = new JWTAuthContextInfo();
        info.setPublicKeyContent(new JsonObject(keys.jwks()).encode());
        info.setKeyFormat(KeyFormat.JWK);
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
        info.setIssuedBy(config.issuer());
        info.setRequiredClaims(Set.of("sub", "exp", "iat", "groups"));
        return info;
    }
}
