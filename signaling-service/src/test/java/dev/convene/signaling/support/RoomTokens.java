package dev.convene.signaling.support;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

/**
 * Mints room tokens the way room-service does (RS256, iss convene-rooms, aud convene-room, kid),
 * with the dev key scripts/infra.sh generated: ${convene.secrets-dir}/room-jwt-private.pem.
 */
public final class RoomTokens {

    private static PrivateKey key;

    private RoomTokens() {
    }

    public static String participant(String room, String userId, String name) {
        return mint(room, userId, name, "participant", List.of("publish", "screen", "chat", "files"), Instant.now().plusSeconds(300));
    }

    public static String host(String room, String userId, String name) {
        return mint(room, userId, name, "host", List.of("publish", "screen", "chat", "files", "record", "moderate"),
                Instant.now().plusSeconds(300));
    }

    public static String mint(String room, String userId, String name, String role, List<String> grants, Instant expiry) {
        return mint(room, userId, name, role, grants, expiry, null);
    }

    /** A participant token carrying room-service's {@code settings} claim (e.g. mediaMode). */
    public static String withSettings(String room, String userId, String name, java.util.Map<String, Object> settings) {
        return mint(room, userId, name, "participant", List.of("publish", "screen", "chat", "files"),
                Instant.now().plusSeconds(300), settings);
    }

    /** A host token carrying room-service's {@code settings} claim. */
    public static String hostWithSettings(String room, String userId, String name, java.util.Map<String, Object> settings) {
        return mint(room, userId, name, "host", List.of("publish", "screen", "chat", "files", "record", "moderate"),
                Instant.now().plusSeconds(300), settings);
    }

    public static String mint(String room, String userId, String name, String role, List<String> grants, Instant expiry,
            java.util.Map<String, Object> settings) {
        var builder = Jwt.issuer("convene-rooms")
                .audience("convene-room")
                .subject(userId)
                .claim("name", name)
                .claim("room", room)
                .claim("role", role)
                .claim("grants", grants)
                .claim("guest", false);
        if (settings != null) {
            builder = builder.claim("settings", settings);
        }
        return builder
                .issuedAt(expiry.minusSeconds(300))
                .expiresAt(expiry)
                .jws().keyId("test-room-key")
                .sign(privateKey());
    }

    public static synchronized PrivateKey privateKey() {
        if (key == null) {
            key = devKey("room-jwt-private.pem");
        }
        return key;
    }

    /** A private key scripts/infra.sh generated into ${convene.secrets-dir}. */
    static PrivateKey devKey(String file) {
        try {
            return KeyUtils.decodePrivateKey(Files.readString(secretsDir().resolve(file)));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the dev key " + file + " (run scripts/infra.sh up)", e);
        }
    }

    /** ${convene.secrets-dir} from the generated config (.convene/config/signaling-service.properties). */
    public static Path secretsDir() {
        return Path.of(generatedConfig().getProperty("convene.secrets-dir"));
    }

    public static Properties generatedConfig() {
        Path file = repoRoot().resolve(".convene/config/signaling-service.properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("Missing " + file + " (run scripts/infra.sh up)", e);
        }
        return properties;
    }

    public static Path repoRoot() {
        String root = System.getProperty("convene.root");
        return root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
    }
}
