package dev.convene.auth.service;

import dev.convene.auth.config.PasswordConfig;
import dev.convene.auth.security.SecretTokens;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.util.ModularCrypt;

/**
 * bcrypt (Elytron) over base64(SHA-256(password)): bcrypt ignores input past 72 bytes, and the
 * pre-hash lets every character of a passphrase of up to 128 characters count.
 */
@ApplicationScoped
public class PasswordHasher {

    private final int cost;
    /** A hash of a random secret, checked when the account does not exist, to take equal time. */
    private final String decoyHash;

    public PasswordHasher(PasswordConfig config) {
        this.cost = config.bcryptCost();
        this.decoyHash = hash(SecretTokens.generate());
    }

    public String hash(String password) {
        return BcryptUtil.bcryptHash(prehash(password), cost);
    }

    public boolean matches(String password, String hash) {
        return hash != null && BcryptUtil.matches(prehash(password), hash);
    }

    /** Does the work of a verification without an account, so response times tell nothing. */
    public void verifyDecoy(String password) {
        BcryptUtil.matches(prehash(password), decoyHash);
    }

    /** True when the hash was made with another cost than configured (upgraded at login). */
    public boolean needsRehash(String hash) {
        try {
            return ((BCryptPassword) ModularCrypt.decode(hash)).getIterationCount() != cost;
        } catch (GeneralSecurityException | ClassCastException e) {
            return true;
        }
    }

    private static String prehash(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
