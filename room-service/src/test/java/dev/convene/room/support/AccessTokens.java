package dev.convene.room.support;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Mints access tokens the way auth-service does (RS256, issuer convene-auth, kid header),
 * signed with the dev key that scripts/infra.sh generated for auth-service.
 */
public final class AccessTokens {

    private static final String ISSUER = "convene-auth";
    private static PrivateKey authKey;

    private AccessTokens() {
    }

    /** A signed-in user with a fresh random id. */
    public static TestUser user(String name) {
        return new TestUser(UUID.randomUUID(), name, Set.of("user"));
    }

    public static TestUser admin(String name) {
        return new TestUser(UUID.randomUUID(), name, Set.of("user", "admin"));
    }

    public static TestUser guest(String name) {
        return new TestUser(UUID.randomUUID(), name, Set.of("guest"));
    }

    public record TestUser(UUID id, String name, Set<String> groups) {

        public String token() {
            return sign(this, Instant.now().plus(Duration.ofMinutes(15)), ISSUER, authKey());
        }

        public String expiredToken() {
            return sign(this, Instant.now().minus(Duration.ofMinutes(1)), ISSUER, authKey());
        }

        public String tokenFromOtherIssuer() {
            return sign(this, Instant.now().plus(Duration.ofMinutes(15)), "someone-else", authKey());
        }

        /** Right claims, but signed with a key auth-service never had. */
        public String forgedToken() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                return sign(this, Instant.now().plus(Duration.ofMinutes(15)), ISSUER,
                        generator.generateKeyPair().getPrivate());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        public String bearer() {
            return "Bearer " + token();
        }
    }

    private static String sign(TestUser user, Instant expiresAt, String issuer, PrivateKey key) {
        return Jwt.issuer(issuer)
                .subject(user.id().toString())
                .upn(user.name().toLowerCase().replace(' ', '.') + "@example.test")
                .claim("name", user.name())
                .groups(user.groups())
                .issuedAt(expiresAt.minus(Duration.ofMinutes(15)))
                .expiresAt(expiresAt)
                .jws().keyId("auth-test-key").algorithm(SignatureAlgorithm.RS256)
                .sign(key);
    }

    static synchronized PrivateKey authKey() {
        if (authKey == null) {
            authKey = readPrivateKey("auth-jwt-private.pem");
        }
        return authKey;
    }

    /** A PKCS#8 private key from the generated dev/test secrets. */
    public static PrivateKey readPrivateKey(String file) {
        String dir = ConfigProvider.getConfig().getValue("convene.secrets-dir", String.class);
        try {
            String pem = Files.readString(Path.of(dir, file));
            String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read " + file + " from " + dir, e);
        }
    }
}
