package dev.convene.signaling.security;

import dev.convene.signaling.config.SignalingConfig;
import dev.convene.signaling.config.TurnConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Resume credentials: {@code <participantId>.<HMAC-SHA256(room|participantId|userId)>}. They are
 * self-verifying with a key every replica shares, so a client may resume on any replica without
 * a Redis key per connection; the presence entry (which must still exist, for the same user)
 * is what bounds them to the reconnect grace.
 */
@ApplicationScoped
public class ResumeCredentials {

    private final byte[] key;

    @jakarta.inject.Inject
    ResumeCredentials(SignalingConfig config, TurnConfig turn) {
        this(config.resumeSecret().orElseGet(() -> hmacHex(turn.secret(), "convene-signaling-resume-v1")));
    }

    public ResumeCredentials(String secret) {
        this.key = secret.getBytes(StandardCharsets.UTF_8);
    }

    public String issue(String room, String participantId, String userId) {
        return participantId + "." + mac(room, participantId, userId);
    }

    /** The participant id the credential names, if it is genuine for this room and user; else null. */
    public String verify(String credential, String room, String userId) {
        if (credential == null) {
            return null;
        }
        int dot = credential.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        String participantId = credential.substring(0, dot);
        byte[] expected = mac(room, participantId, userId).getBytes(StandardCharsets.US_ASCII);
        byte[] given = credential.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? participantId : null;
    }

    private String mac(String room, String participantId, String userId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((room + "|" + participantId + "|" + userId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String hmacHex(String secret, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(label.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
