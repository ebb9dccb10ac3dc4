package dev.convene.common.redis;

/**
 * The Redis names more than one service uses (docs/events.md: the contract between them), all
 * under one prefix per environment ({@code convene.events.prefix}) so that test runs, the e2e
 * suite and a local run share one Redis without crossing. Each service's own {@code RedisKeys}
 * extends it with the keys only that service touches ({@code {p}:<service>:…}).
 */
public class SharedKeys {

    private final String prefix;

    public SharedKeys(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** Pub/sub channel of one room's events (every service publishes there). */
    public String roomChannel(String slug) {
        return prefix + ":room:" + slug;
    }

    /** Pattern matching every room channel. */
    public String roomChannelPattern() {
        return roomChannel("*");
    }

    /** The slug in a room channel name, or null for another channel. */
    public String slugOfChannel(String channel) {
        String head = prefix + ":room:";
        return channel.startsWith(head) ? channel.substring(head.length()) : null;
    }

    /** Hash participantId → presence JSON: written by signaling-service, read by room-service. */
    public String presence(String slug) {
        return prefix + ":presence:" + slug;
    }

    /** Liveness key of one signaling replica (short TTL, refreshed while it lives). */
    public String replicaAlive(String replicaId) {
        return prefix + ":replica:" + replicaId;
    }

    /** Set of slugs that have (or recently had) presence. */
    public String activeRooms() {
        return prefix + ":rooms:active";
    }
}
