package dev.convene.room.presence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.convene.room.config.RedisKeys;
import dev.convene.room.config.RoomServiceConfig;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Reads the presence signaling-service keeps in Redis. Only entries whose replica is alive
 * (its {@code ${prefix}:replica:{id}} key exists) count: a crashed replica's participants
 * disappear as soon as its key expires, before anyone cleans its entries up. room-service
 * only reads; the writers own cleanup.
 */
@ApplicationScoped
public class PresenceReader {

    private static final Logger LOG = Logger.getLogger(PresenceReader.class);

    @Inject
    RedisDataSource redis;

    @Inject
    RedisKeys keys;

    @Inject
    ObjectMapper json;

    @Inject
    RoomServiceConfig config;

    /** The live participants of one room, oldest first. */
    public List<PresenceEntry> participants(String slug) {
        return live(Map.of(slug, entries(slug))).getOrDefault(slug, List.of());
    }

    /** Distinct users connected to a room right now. */
    public Set<String> users(String slug) {
        return participants(slug).stream().map(PresenceEntry::userId).collect(Collectors.toSet());
    }

    /** Every room with at least one live participant, with its participants. */
    public Map<String, List<PresenceEntry>> activeRooms() {
        List<String> candidates = redis.set(String.class).smembers(keys.activeRooms()).stream()
                .sorted().limit(config.presence().maxActiveRooms()).toList();
        Map<String, List<PresenceEntry>> raw = new LinkedHashMap<>();
        for (String slug : candidates) {
            raw.put(slug, entries(slug));
        }
        return live(raw);
    }

    private List<PresenceEntry> entries(String slug) {
        List<PresenceEntry> entries = new ArrayList<>();
        redis.hash(String.class).hgetall(keys.presence(slug)).forEach((field, value) -> {
            try {
                PresenceEntry entry = json.readValue(value, PresenceEntry.class);
                if (entry.isComplete()) {
                    entries.add(entry);
                }
            } catch (JsonProcessingException e) {
                LOG.debugf("Ignoring malformed presence entry %s of room %s", field, slug);
            }
        });
        return entries;
    }

    /** Keeps the entries of live replicas: one EXISTS per distinct replica. */
    private Map<String, List<PresenceEntry>> live(Map<String, List<PresenceEntry>> byRoom) {
        Map<String, Boolean> replicaAlive = new HashMap<>();
        byRoom.values().forEach(list -> list.forEach(entry -> replicaAlive.computeIfAbsent(entry.replica(),
                id -> redis.key().exists(keys.replicaAlive(id)))));
        Map<String, List<PresenceEntry>> result = new LinkedHashMap<>();
        byRoom.forEach((slug, entries) -> {
            List<PresenceEntry> alive = entries.stream()
                    .filter(entry -> replicaAlive.get(entry.replica()))
                    .sorted(Comparator.comparingLong(PresenceEntry::joinedAt))
                    .toList();
            if (!alive.isEmpty()) {
                result.put(slug, alive);
            }
        });
        return result;
    }
}
