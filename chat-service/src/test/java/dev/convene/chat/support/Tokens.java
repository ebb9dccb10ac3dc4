package dev.convene.chat.support;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.jwt.util.KeyUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/** Mints tokens as room-service and auth-service do, with the dev keys of scripts/infra.sh. */
public final class Tokens {

    public static final List<String> PARTICIPANT_GRANTS = List.of("publish", "screen", "chat", "files");

    private Tokens() {
    }

    /** A participant's room token (chat and files grants), valid for 5 minutes. */
    public static String participant(String room, String userId) {
        return room(room, userId, "participant", PARTICIPANT_GRANTS).sign();
    }

    public static String host(String room, String userId) {
        return room(room, userId, "host", List.of("publish", "screen", "chat", "files", "record", "moderate")).sign();
    }

    /** A room token under construction: adjust claims, then {@link Builder#sign()}. */
    public static Builder room(String room, String userId, String role, List<String> grants) {
        JwtClaimsBuilder claims = Jwt.issuer("convene-rooms").audience("convene-room").subject(userId)
                .claim("name", "User " + userId.substring(0, Math.min(8, userId.length())))
                .claim("room", room).claim("role", role).claim("grants", grants).claim("guest", false)
                .claim("meeting", UUID.randomUUID().toString())
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300));
        return new Builder(claims, "room-jwt-private.pem");
    }

    /** An auth-service access token. */
    public static String access(String userId, Set<String> groups) {
        return new Builder(Jwt.issuer("convene-auth").subject(userId).upn(userId + "@example.test")
                .claim("name", "Admin " + userId.substring(0, 8)).groups(groups)
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300)), "auth-jwt-private.pem").sign();
    }

    public static String user() {
        return UUID.randomUUID().toString();
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    public static final class Builder {
        private final JwtClaimsBuilder claims;
        private final String keyFile;

        Builder(JwtClaimsBuilder claims, String keyFile) {
            this.claims = claims;
            this.keyFile = keyFile;
        }

        public Builder claim(String name, Object value) {
            claims.claim(name, value);
            return this;
        }

        public Builder issuer(String issuer) {
            claims.issuer(issuer);
            return this;
        }

        public Builder audience(String audience) {
            claims.audience(audience);
            return this;
        }

        /** Issued {@code seconds} ago (still valid for 300 s from now). */
        public Builder issuedSecondsAgo(long seconds) {
            claims.issuedAt(Instant.now().minusSeconds(seconds)).expiresAt(Instant.now().plusSeconds(300));
            return this;
        }

        public Builder expired() {
            claims.issuedAt(Instant.now().minusSeconds(900)).expiresAt(Instant.now().minusSeconds(600));
            return this;
        }

        public String sign() {
            return claims.jws().keyId("dev").sign(key(keyFile));
        }

        /** Signed with the auth key instead: a forgery as far as room tokens go. */
        public String signWithWrongKey() {
            return claims.jws().keyId("dev").sign(key("auth-jwt-private.pem"));
        }
    }

    private static PrivateKey key(String file) {
        String dir = ConfigProvider.getConfig().getValue("convene.secrets-dir", String.class);
        try {
            return KeyUtils.decodePrivateKey(Files.readString(Path.of(dir, file)));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read " + file + " from " + dir, e);
        }
    }
}
