package dev.convene.auth.deployment;

import dev.convene.auth.security.RsaPem;
import dev.convene.auth.support.Api;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A later deployment configured the way production is: the signing key was rotated (a new key
 * generated now, the dev key of the default test deployment kept as previous), the first
 * administrator comes from configuration, cookies are Secure.
 *
 * <p>Generated once per test JVM and kept in system properties: Quarkus loads this class in
 * more than one class loader, and every copy must see the same key file and credentials.
 */
public class ProductionLikeProfile implements QuarkusTestProfile {

    static final Path NEW_SIGNING_KEY = Path.of(shared("convene.test.rotated-key", ProductionLikeProfile::generateKey));
    static final String ADMIN_USERNAME = shared("convene.test.admin-username", () -> Api.unique("boot-admin"));
    static final String ADMIN_PASSWORD = shared("convene.test.admin-password", () -> Api.unique("Generated-Admin-Secret"));

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "%test.convene.auth.jwt.private-key-location", NEW_SIGNING_KEY.toString(),
                "%test.convene.auth.jwt.previous-public-key-locations", "${convene.secrets-dir}/auth-jwt-public.pem",
                "%test.convene.auth.session.cookie-secure", "true",
                "convene.admin.bootstrap.username", ADMIN_USERNAME,
                "convene.admin.bootstrap.email", ADMIN_USERNAME + "@example.org",
                "convene.admin.bootstrap.password", ADMIN_PASSWORD);
    }

    private static String shared(String property, Supplier<String> create) {
        synchronized (System.class) {
            String value = System.getProperty(property);
            if (value == null) {
                value = create.get();
                System.setProperty(property, value);
            }
            return value;
        }
    }

    private static String generateKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            Path dir = Files.createDirectories(Path.of("target", "test-keys"));
            Path file = Files.createTempFile(dir, "rotated-", "-private.pem");
            Files.writeString(file, RsaPem.encodePrivate((RSAPrivateCrtKey) generator.generateKeyPair().getPrivate()));
            return file.toAbsolutePath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
