package dev.convene.signaling.service;

import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * This process's replica id: random per start, so a restarted pod never inherits (or clears)
 * the presence entries of its previous incarnation; those expire with its old replica key.
 */
@Singleton // on the relay path: injected directly, no client proxy per call
public class Replica {

    private final String id;

    Replica() {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        this.id = "sig-" + HexFormat.of().formatHex(random);
    }

    public String id() {
        return id;
    }
}
