package dev.convene.room.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.jwk.RSAKey;
import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Test;

/** The JWK parts and kid room-service computes itself, checked against Nimbus. */
class PemKeysTest {

    @Test
    void thumbprintAndJwkPartsMatchAnIndependentImplementation() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var pair = generator.generateKeyPair();
        RSAPublicKey derived = PemKeys.publicKeyOf((RSAPrivateCrtKey) pair.getPrivate());
        RSAKey reference = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).build();

        assertEquals(pair.getPublic(), derived);
        assertEquals(reference.computeThumbprint().toString(), PemKeys.thumbprint(derived));
        assertEquals(reference.getModulus().toString(), PemKeys.base64Url(derived.getModulus()));
        assertEquals("AQAB", PemKeys.base64Url(derived.getPublicExponent()));
    }

    @Test
    void base64UrlDropsTheSignByte() {
        // 0x80 needs a leading zero byte as a signed BigInteger; JWK wants the unsigned form
        assertEquals("gA", PemKeys.base64Url(BigInteger.valueOf(0x80)));
    }
}
