package dev.convene.auth.security;

import dev.convene.auth.config.TokenConfig;
import dev.convene.auth.entity.UserAccount;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Signs RS256 access tokens with the current key. Claims: iss, sub (user or guest UUID), upn
 * (username; users only), name (display name), groups, sid (session; users only), gsince (guests:
 * when the guest identity began, epoch seconds), jti, iat, exp; header kid. Stateless: other services verify them offline against the JWKS.
 */
@ApplicationScoped
public class AccessTokenIssuer {

    private final SigningKeys keys;
    private final TokenConfig config;

    public AccessTokenIssuer(SigningKeys keys, TokenConfig config) {
        this.keys = keys;
        this.config = config;
    }

    public IssuedToken forUser(UserAccount user, UUID sessionId) {
        JwtClaimsBuilder claims = Jwt.claims()
                .subject(user.id.toString())
                .upn(user.username)
                .claim("name", user.displayName)
                .claim("sid", sessionId.toString());
        return sign(claims, new HashSet<>(user.groups()), config.accessTtl());
    }

    /** Claim of guest tokens: when the guest identity began (epoch seconds), kept by renewals. */
    public static final String GUEST_SINCE = "gsince";

    public IssuedToken forGuest(UUID guestId, String displayName) {
        return forGuest(guestId, displayName, Instant.now().getEpochSecond());
    }

    /**
     * A guest token for an identity that began at {@code sinceEpochSecond}; it never outlives
     * {@code guest-max-age} from then (a renewal near the limit gets a shorter token).
     */
    public IssuedToken forGuest(UUID guestId, String displayName, long sinceEpochSecond) {
        JwtClaimsBuilder claims = Jwt.claims()
                .subject(guestId.toString())
                .claim("name", displayName)
                .claim(GUEST_SINCE, sinceEpochSecond);
        Duration left = Duration.ofSeconds(sinceEpochSecond + config.guestMaxAge().toSeconds() - Instant.now().getEpochSecond());
        Duration ttl = left.compareTo(config.guestTtl()) < 0 ? left : config.guestTtl();
        return sign(claims, new HashSet<>(List.of(UserAccount.GROUP_GUEST)), ttl);
    }

    private IssuedToken sign(JwtClaimsBuilder claims, Set<String> groups, Duration ttl) {
        Instant now = Instant.now();
        SigningKey key = keys.current();
        String token = claims
                .issuer(config.issuer())
                .groups(groups)
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(now.getEpochSecond())
                .expiresAt(now.plus(ttl).getEpochSecond())
                .jws()
                .algorithm(SignatureAlgorithm.RS256)
                .keyId(key.kid())
                .sign(key.privateKey());
        return new IssuedToken(token, ttl.toSeconds());
    }

    /** A signed access token and its lifetime in seconds. */
    public record IssuedToken(String value, long expiresIn) {
    }
}
