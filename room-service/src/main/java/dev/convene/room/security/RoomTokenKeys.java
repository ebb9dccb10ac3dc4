package dev.convene.room.security;

import dev.convene.room.config.RoomServiceConfig;
import io.quarkus.runtime.Startup;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key that signs room tokens and the public keys published at {@code /api/rooms/jwks}:
 * the current one first, then any previous ones kept during a rotation so tokens signed
 * with them stay verifiable until they expire. Loaded at startup: a missing or unreadable
 * key stops the service at once rather than at the first join.
 */
@Startup
@ApplicationScoped
public class RoomTokenKeys {

    @Inject
    RoomServiceConfig config;

    private RSAPrivateCrtKey signingKey;
    private String signingKeyId;
    private Map<String, Object> jwks;
    private String jwksJson;

    @PostConstruct
    void load() {
        RoomServiceConfig.RoomToken tokens = config.roomToken();
        signingKey = PemKeys.readPrivateKey(tokens.privateKeyLocation());
        RSAPublicKey current = PemKeys.publicKeyOf(signingKey);
        signingKeyId = PemKeys.thumbprint(current);

        List<Map<String, Object>> keys = new ArrayList<>();
        keys.add(jwk(current));
        tokens.previousPublicKeyLocations().orElse(List.of()).stream()
                .map(PemKeys::readPublicKey)
                .map(RoomTokenKeys::jwk)
                .filter(key -> !key.get("kid").equals(signingKeyId))
                .forEach(keys::add);
        jwks = Map.of("keys", List.copyOf(keys));
        jwksJson = new JsonObject(jwks).encode();
    }

    public RSAPrivateCrtKey signingKey() {
        return signingKey;
    }

    public String signingKeyId() {
        return signingKeyId;
    }

    /** The JWK set document (RFC 7517). */
    public Map<String, Object> jwks() {
        return jwks;
    }

    /** The same, serialised, for verifiers that take JWKS text. */
    public String jwksJson() {
        return jwksJson;
    }

    private static Map<String, Object> jwk(RSAPublicKey key) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("use", "sig");
        jwk.put("alg", "RS256");
        jwk.put("kid", PemKeys.thumbprint(key));
        jwk.put("n", PemKeys.base64Url(key.getModulus()));
        jwk.put("e", PemKeys.base64Url(key.getPublicExponent()));
        return Map.copyOf(jwk);
    }
}
