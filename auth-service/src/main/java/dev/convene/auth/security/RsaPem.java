package dev.convene.auth.security;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Reads RSA keys from PEM text: private keys as PKCS#8, public keys as X.509 SubjectPublicKeyInfo. */
public final class RsaPem {

    private RsaPem() {
    }

    public static RSAPrivateCrtKey privateKey(String pem) throws GeneralSecurityException {
        byte[] der = decode(pem, "PRIVATE KEY");
        if (KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)) instanceof RSAPrivateCrtKey key) {
            return key;
        }
        throw new GeneralSecurityException("not an RSA private key with CRT parameters");
    }

    public static RSAPublicKey publicKey(String pem) throws GeneralSecurityException {
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(decode(pem, "PUBLIC KEY")));
    }

    /** The public half of a private key: a PKCS#8 RSA key carries modulus and public exponent. */
    public static RSAPublicKey publicKeyOf(RSAPrivateCrtKey key) throws GeneralSecurityException {
        return (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
    }

    public static String encodePrivate(RSAPrivateCrtKey key) {
        return encode("PRIVATE KEY", key.getEncoded());
    }

    public static String encodePublic(RSAPublicKey key) {
        return encode("PUBLIC KEY", key.getEncoded());
    }

    private static byte[] decode(String pem, String type) throws GeneralSecurityException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new GeneralSecurityException("expected a PEM block of type " + type);
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("PEM block of type " + type + " is not valid base64");
        }
    }

    private static String encode(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
