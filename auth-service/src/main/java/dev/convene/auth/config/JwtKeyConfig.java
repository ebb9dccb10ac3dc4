package dev.convene.auth.config;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/**
 * Where the signing keys live. The current key signs; previous keys are only published in the
 * JWKS so that tokens signed before a rotation keep verifying until they expire.
 */
@ConfigMapping(prefix = "convene.auth.jwt")
public interface JwtKeyConfig {

    /** File with the current RSA private key (PKCS#8 PEM, at least 2048 bits). */
    String privateKeyLocation();

    /** Files with the public keys (X.509 PEM) of previous signing keys, still published. */
    Optional<List<String>> previousPublicKeyLocations();
}
