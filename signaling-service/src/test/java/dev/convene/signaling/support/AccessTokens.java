package dev.convene.signaling.support;

import io.smallrye.jwt.build.Jwt;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** auth-service access tokens for tests, signed with the dev key scripts/infra.sh generated (auth-jwt-private.pem). */
public final class AccessTokens {

    private static PrivateKey key;

    private AccessTokens() {
    }

    public static String admin(String userId) {
        return mint(userId, Set.of("user", "admin"));
    }

    public static String user(String userId) {
        return mint(userId, Set.of("user"));
    }

    public static String mint(String userId, Set<String> groups) {
        return Jwt.issuer("convene-auth").subject(userId).upn(userId).claim("name", "Ada Admin").groups(groups)
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(900))
                .jws().keyId("test-auth-key").sign(privateKey());
    }

    private static synchronized PrivateKey privateKey() {
        if (key == null) {
            key = RoomTokens.devKey("auth-jwt-private.pem");
        }
        return key;
    }
}
