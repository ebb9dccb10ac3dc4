package dev.convene.auth.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key ring: the current key signs every new token; it and the previous keys are published.
 * Rotation = configure a new current key and list the old public key as previous.
 */
public final class SigningKeys {

    private static final int MIN_BITS = 2048;

    private final SigningKey current;
    private final List<SigningKey> published;

    private SigningKeys(SigningKey current, List<SigningKey> previous) {
        this.current = current;
        // by kid: a key configured twice (or also as previous) is published once
        Map<String, SigningKey> all = new LinkedHashMap<>();
        all.put(current.kid(), current);
        previous.forEach(key -> all.putIfAbsent(key.kid(), key));
        this.published = List.copyOf(all.values());
    }

    /** Reads the key files; fails with a message naming the file (never its content). */
    public static SigningKeys load(Path privateKeyFile, List<Path> previousPublicKeyFiles) {
        RSAPrivateCrtKey privateKey = read(privateKeyFile, pem -> RsaPem.privateKey(pem));
        RSAPublicKey publicKey = read(privateKeyFile, pem -> RsaPem.publicKeyOf(RsaPem.privateKey(pem)));
        requireStrength(publicKey, privateKeyFile);
        List<SigningKey> previous = new ArrayList<>();
        for (Path file : previousPublicKeyFiles) {
            RSAPublicKey key = read(file, RsaPem::publicKey);
            requireStrength(key, file);
            previous.add(SigningKey.of(key, null));
        }
        return new SigningKeys(SigningKey.of(publicKey, privateKey), previous);
    }

    public SigningKey current() {
        return current;
    }

    /** Current key first, then the previous ones. */
    public List<SigningKey> published() {
        return published;
    }

    /** The JWK Set document (RFC 7517 §5). */
    public Map<String, Object> jwks() {
        return Map.of("keys", published.stream().map(SigningKey::jwk).toList());
    }

    private static void requireStrength(RSAPublicKey key, Path file) {
        if (key.getModulus().bitLength() < MIN_BITS) {
            throw new IllegalStateException("JWT key " + file + " has fewer than " + MIN_BITS + " bits");
        }
    }

    private static <T> T read(Path file, PemReader<T> reader) {
        try {
            return reader.read(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read JWT key file " + file + ": " + e.getClass().getSimpleName());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JWT key file " + file + " is not usable: " + e.getMessage());
        }
    }

    private interface PemReader<T> {
        T read(String pem) throws GeneralSecurityException;
    }
}
