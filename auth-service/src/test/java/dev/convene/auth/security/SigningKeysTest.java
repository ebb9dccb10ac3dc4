package dev.convene.auth.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.RSAKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

    @TempDir
    Path dir;

    @Test
    void theKidIsTheRfc7638ThumbprintAsNimbusComputesIt() throws Exception {
        KeyPair pair = generate(2048);

        SigningKey key = SigningKey.of((RSAPublicKey) pair.getPublic(), null);

        String expected = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).build().computeThumbprint().toString();
        assertEquals(expected, key.kid());
        Map<String, String> jwk = key.jwk();
        assertEquals(expected, RSAKey.parse(Map.copyOf(jwk)).computeThumbprint().toString(), "n and e encoded per RFC 7518");
    }

    @Test
    void loadsTheCurrentKeyAndPublishesThePreviousOnesAfterIt() throws Exception {
        KeyPair current = generate(2048);
        KeyPair previous = generate(2048);
        Path currentFile = write("current.pem", RsaPem.encodePrivate((RSAPrivateCrtKey) current.getPrivate()));
        Path previousFile = write("previous.pem", RsaPem.encodePublic((RSAPublicKey) previous.getPublic()));

        SigningKeys keys = SigningKeys.load(currentFile, List.of(previousFile, currentFile.resolveSibling("previous.pem")));

        assertEquals(current.getPublic(), keys.current().publicKey());
        assertEquals(2, keys.published().size(), "a key listed twice is published once");
        assertEquals(previous.getPublic(), keys.published().get(1).publicKey());
        assertEquals(null, keys.published().get(1).privateKey());
        for (SigningKey published : keys.published()) {
            assertEquals(Set.of("kty", "use", "alg", "kid", "n", "e"), published.jwk().keySet(),
                    "public members only");
        }
    }

    @Test
    void aPreviousKeyThatIsAlsoCurrentIsPublishedOnce() throws Exception {
        KeyPair current = generate(2048);
        Path currentFile = write("current.pem", RsaPem.encodePrivate((RSAPrivateCrtKey) current.getPrivate()));
        Path samePublic = write("same.pem", RsaPem.encodePublic((RSAPublicKey) current.getPublic()));

        assertEquals(1, SigningKeys.load(currentFile, List.of(samePublic)).published().size());
    }

    @Test
    void weakOrUnreadableKeysStopTheStartWithoutShowingKeyMaterial() throws Exception {
        Path weak = write("weak.pem", RsaPem.encodePrivate((RSAPrivateCrtKey) generate(1024).getPrivate()));
        IllegalStateException tooShort = assertThrows(IllegalStateException.class, () -> SigningKeys.load(weak, List.of()));
        assertTrue(tooShort.getMessage().contains("2048"));

        Path missing = dir.resolve("missing.pem");
        IllegalStateException notThere = assertThrows(IllegalStateException.class, () -> SigningKeys.load(missing, List.of()));
        assertTrue(notThere.getMessage().contains(missing.toString()));

        Path publicInsteadOfPrivate = write("public.pem", RsaPem.encodePublic((RSAPublicKey) generate(2048).getPublic()));
        IllegalStateException wrongType = assertThrows(IllegalStateException.class,
                () -> SigningKeys.load(publicInsteadOfPrivate, List.of()));
        assertFalse(wrongType.getMessage().contains("MII"), "no PEM content in the message");
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private static KeyPair generate(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }
}
