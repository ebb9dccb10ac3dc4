package dev.convene.room.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Every Redis key and channel room-service touches, all under {@code convene.events.prefix}
 * so that test runs, the e2e suite and a local run share one Redis without crossing.
 * The layout is the project-wide contract in docs/events.md.
 */
@ApplicationScoped
public class RedisKeys {

    private final String prefix;

    @Inject
    public RedisKeys(RoomServiceConfig config) {
        this.prefix = config.events().prefix();
    }

    /** pub/sub channel of one room's events */
    public String roomChannel(String slug) {
        return prefix + ":room:" + slug;
    }

    /** pattern matching every room channel */
    public String roomChannelPattern() {
        return prefix + ":room:*";
    }

    /** the slug in a room channel name, or null for another channel */
    public String slugOfChannel(String channel) {
        String head = prefix + ":room:";
        return channel.startsWith(head) ? channel.substring(head.length()) : null;
    }

    /** hash participantId → presence JSON, kept by signaling-service */
    public String presence(String slug) {
        return prefix + ":presence:" + slug;
    }

    /** liveness key of one signaling replica (short TTL, refreshed while it lives) */
    public String replica(String replicaId) {
        return prefix + ":replica:" + replicaId;
    }

    /** set of slugs that have (or recently had) presence */
    public String activeRooms() {
        return prefix + ":rooms:active";
    }

    /** failed passcode attempts for one user in one room */
    public String passcodeFailuresOfUser(String slug, String userId) {
        return prefix + ":room-service:passcode-failures:" + slug + ":" + userId;
    }

    /** failed passcode attempts for one room, all users */
    public String passcodeFailuresOfRoom(String slug) {
        return prefix + ":room-service:passcode-failures:" + slug;
    }
}
