package dev.convene.signaling.events;

import dev.convene.signaling.config.EventsConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** Every Redis key and channel name this service uses (docs/events.md, docs/signaling-protocol.md). */
@ApplicationScoped
public class RedisKeys {

    private final String prefix;

    RedisKeys(EventsConfig config) {
        this.prefix = config.prefix();
    }

    /** Room-scoped events of every service (envelope). */
    public String roomChannel(String room) {
        return prefix + ":room:" + room;
    }

    public String roomChannelPattern() {
        return prefix + ":room:*";
    }

    /** The room slug of a room channel name, or null. */
    public String roomOf(String channel) {
        String head = prefix + ":room:";
        return channel.startsWith(head) ? channel.substring(head.length()) : null;
    }

    /** High-rate relay addressed to one replica: only that replica decodes it. */
    public String replicaInbox(String replicaId) {
        return prefix + ":signal:replica:" + replicaId;
    }

    public String presence(String room) {
        return prefix + ":presence:" + room;
    }

    public String replicaAlive(String replicaId) {
        return prefix + ":replica:" + replicaId;
    }

    public String activeRooms() {
        return prefix + ":rooms:active";
    }

    /** The last room.settings-changed payload seen for a room (welcome of later joiners). */
    public String roomSettings(String room) {
        return prefix + ":signaling-service:settings:" + room;
    }
}
