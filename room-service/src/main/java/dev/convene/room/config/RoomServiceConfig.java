package dev.convene.room.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** room-service's own settings ({@code convene.*}); documented in docs/room-service.md. */
@ConfigMapping(prefix = "convene")
public interface RoomServiceConfig {

    Rooms rooms();

    RoomToken roomToken();

    Events events();

    Passcode passcode();

    Lobby lobby();

    Presence presence();

    interface Rooms {
        /** max participants of a room created without one */
        @WithDefault("50")
        int defaultMaxParticipants();
    }

    interface RoomToken {
        @WithDefault("convene-rooms")
        String issuer();

        @WithDefault("convene-room")
        String audience();

        /** lifetime of a room token; clients renew before it ends */
        @WithDefault("5M")
        Duration ttl();

        /** how long after expiry a room token may still be exchanged for a new one */
        @WithDefault("5M")
        Duration renewGrace();

        /** PEM (PKCS#8) RSA private key that signs room tokens */
        String privateKeyLocation();

        /** PEM public keys still published in the JWKS after a key rotation */
        Optional<List<String>> previousPublicKeyLocations();
    }

    interface Events {
        /** first segment of every Redis key and channel (docs/events.md) */
        @WithDefault("convene")
        String prefix();
    }

    interface Passcode {
        /** failed attempts allowed per room and user in one window */
        @WithDefault("5")
        int maxFailuresPerUser();

        /** failed attempts allowed per room (all users together) in one window */
        @WithDefault("20")
        int maxFailuresPerRoom();

        @WithDefault("10M")
        Duration window();
    }

    interface Lobby {
        /** the longest a lobby poll waits for a decision */
        @WithDefault("25S")
        Duration maxWait();

        /** a waiting request whose user has not polled for this long is hidden from hosts */
        @WithDefault("60S")
        Duration staleAfter();
    }

    interface Presence {
        /** active-room candidates examined per admin query (bounds the Redis work) */
        @WithDefault("1000")
        int maxActiveRooms();
    }
}
