package dev.convene.signaling.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convene.signaling.config.TurnConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TURN REST API credentials (coturn {@code use-auth-secret}): username
 * {@code <unix expiry>:<userId>}, credential base64(HMAC-SHA1(secret, username)). coturn checks
 * them statelessly, so every replica can mint them and nothing is stored.
 */
@ApplicationScoped
public class TurnCredentials {

    private final TurnConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    @jakarta.inject.Inject
    TurnCredentials(TurnConfig config, ObjectMapper json) {
        this(config, json, Clock.systemUTC());
    }

    TurnCredentials(TurnConfig config, ObjectMapper json, Clock clock) {
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    /** RTCIceServer[] for the welcome: STUN entries bare, TURN entries with a fresh credential. */
    public ArrayNode iceServers(String userId) {
        String username = (clock.millis() / 1000 + config.ttl().toSeconds()) + ":" + userId;
        String credential = sign(config.secret(), username);
        ArrayNode servers = json.createArrayNode();
        List<String> stun = config.urls().stream().filter(u -> u.startsWith("stun:")).toList();
        List<String> turn = config.urls().stream().filter(u -> u.startsWith("turn:") || u.startsWith("turns:")).toList();
        if (!stun.isEmpty()) {
            ObjectNode entry = servers.addObject();
            stun.forEach(entry.putArray("urls")::add);
        }
        if (!turn.isEmpty()) {
            ObjectNode entry = servers.addObject();
            turn.forEach(entry.putArray("urls")::add);
            entry.put("username", username).put("credential", credential);
        }
        return servers;
    }

    static String sign(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }
}
