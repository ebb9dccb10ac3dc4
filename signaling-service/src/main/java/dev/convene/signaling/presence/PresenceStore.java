package dev.convene.signaling.presence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convene.signaling.events.RedisGateway;
import dev.convene.signaling.events.RedisKeys;
import dev.convene.signaling.service.Participant;
import dev.convene.signaling.service.Replica;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Presence in Redis, exactly as docs/events.md specifies it: hash {p}:presence:{slug} (field =
 * participant id, value = JSON entry), set {p}:rooms:active, and liveness keys
 * {p}:replica:{id}. Entries are changed with small Lua scripts where a read-then-write would
 * race with another replica (grace expiry vs resume, sweeps by several replicas).
 */
@ApplicationScoped
public class PresenceStore {

    /** HDEL the entry only if this replica still owns it; SREM the room when its hash empties. */
    private static final String REMOVE_IF_OWNED = """
            local v = redis.call('HGET', KEYS[1], ARGV[1])
            if not v then return 0 end
            local ok, e = pcall(cjson.decode, v)
            if ok and type(e) == 'table' and e.replica ~= ARGV[2] then return 0 end
            redis.call('HDEL', KEYS[1], ARGV[1])
            if redis.call('HLEN', KEYS[1]) == 0 then redis.call('SREM', KEYS[2], ARGV[3]) end
            return 1
            """;

    /** Moves a still-present entry of the same user to a new replica; returns the old entry. */
    private static final String CLAIM = """
            local v = redis.call('HGET', KEYS[1], ARGV[1])
            if not v then return false end
            local ok, e = pcall(cjson.decode, v)
            if not ok or type(e) ~= 'table' or e.userId ~= ARGV[2] then return false end
            e.replica = ARGV[3]
            e.role = ARGV[4]
            redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(e))
            return v
            """;

    /** SREM a room from the active set only if its presence hash is empty. */
    private static final String FORGET_IF_EMPTY = """
            if redis.call('HLEN', KEYS[1]) == 0 then return redis.call('SREM', KEYS[2], ARGV[1]) end
            return 0
            """;

    private final RedisGateway redis;
    private final RedisKeys keys;
    private final ObjectMapper json;
    private final Replica replica;

    PresenceStore(RedisGateway redis, RedisKeys keys, ObjectMapper json, Replica replica) {
        this.redis = redis;
        this.keys = keys;
        this.json = json;
        this.replica = replica;
    }

    /** The presence entry of a participant held by this replica. */
    public ObjectNode entry(Participant participant) {
        ObjectNode entry = participant.view(json);
        entry.put("replica", replica.id());
        return entry;
    }

    public Future<?> put(Participant participant) {
        return redis.batch(List.of(
                Request.cmd(Command.HSET).arg(keys.presence(participant.room())).arg(participant.id())
                        .arg(entry(participant).toString()),
                Request.cmd(Command.SADD).arg(keys.activeRooms()).arg(participant.room())));
    }

    public Future<Boolean> removeIfOwned(String room, String participantId, String owner) {
        return redis.send(Request.cmd(Command.EVAL).arg(REMOVE_IF_OWNED).arg(2)
                        .arg(keys.presence(room)).arg(keys.activeRooms())
                        .arg(participantId).arg(owner).arg(room))
                .map(r -> r != null && r.toInteger() == 1);
    }

    /** The old entry if {@code participantId} of {@code userId} was still present; it is now ours. */
    public Future<ObjectNode> claim(String room, String participantId, String userId, String role) {
        return redis.send(Request.cmd(Command.EVAL).arg(CLAIM).arg(1).arg(keys.presence(room))
                        .arg(participantId).arg(userId).arg(replica.id()).arg(role))
                .map(r -> r == null ? null : parse(r.toString()));
    }

    /** Entries of the room whose replica is alive (what room-service counts, too). */
    public Future<Map<String, ObjectNode>> liveEntries(String room) {
        return redis.send(Request.cmd(Command.HGETALL).arg(keys.presence(room))).compose(response -> {
            Map<String, ObjectNode> entries = new LinkedHashMap<>();
            hash(response).forEach((field, value) -> {
                ObjectNode entry = parse(value);
                if (entry != null && entry.hasNonNull("replica") && entry.hasNonNull("userId")) {
                    entries.put(field, entry);
                }
            });
            Set<String> replicas = new HashSet<>();
            entries.values().forEach(e -> replicas.add(e.get("replica").asText()));
            return aliveReplicas(replicas).map(alive -> {
                entries.values().removeIf(e -> !alive.contains(e.get("replica").asText()));
                return entries;
            });
        });
    }

    /** The raw presence hash of a room (field → JSON text). */
    public Future<Map<String, String>> rawEntries(String room) {
        return redis.send(Request.cmd(Command.HGETALL).arg(keys.presence(room))).map(PresenceStore::hash);
    }

    public Future<Set<String>> aliveReplicas(Set<String> replicas) {
        if (replicas.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        List<String> ordered = new ArrayList<>(replicas);
        Request exists = Request.cmd(Command.MGET);
        ordered.forEach(id -> exists.arg(keys.replicaAlive(id)));
        return redis.send(exists).map(values -> {
            Set<String> alive = new HashSet<>();
            for (int i = 0; i < ordered.size(); i++) {
                if (values.get(i) != null) {
                    alive.add(ordered.get(i));
                }
            }
            return alive;
        });
    }

    public Future<List<String>> activeRooms() {
        return redis.send(Request.cmd(Command.SMEMBERS).arg(keys.activeRooms())).map(r -> {
            List<String> rooms = new ArrayList<>();
            if (r != null) {
                r.forEach(item -> rooms.add(item.toString()));
            }
            return rooms;
        });
    }

    public Future<?> forgetRoomIfEmpty(String room) {
        return redis.send(Request.cmd(Command.EVAL).arg(FORGET_IF_EMPTY).arg(2)
                .arg(keys.presence(room)).arg(keys.activeRooms()).arg(room));
    }

    /** Renews this replica's liveness key; the future says whether it had expired (or Redis lost it). */
    public Future<Boolean> renewReplica(String value, long ttlSeconds) {
        return redis.send(Request.cmd(Command.SET).arg(keys.replicaAlive(replica.id())).arg(value)
                        .arg("EX").arg(ttlSeconds).arg("GET"))
                .map(previous -> previous == null);
    }

    public Future<?> dropReplica() {
        return redis.send(Request.cmd(Command.DEL).arg(keys.replicaAlive(replica.id())));
    }

    private ObjectNode parse(String value) {
        try {
            return json.readTree(value) instanceof ObjectNode node ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** HGETALL as a map, whether Redis answered RESP3 (map) or RESP2 (flat field/value list). */
    static Map<String, String> hash(Response response) {
        Map<String, String> out = new LinkedHashMap<>();
        if (response == null || response.size() == 0) {
            return out;
        }
        Set<String> fields;
        try {
            fields = response.getKeys();
        } catch (UnsupportedOperationException e) {
            fields = Set.of();
        }
        if (!fields.isEmpty()) {
            fields.forEach(field -> out.put(field, response.get(field).toString()));
        } else {
            for (int i = 0; i + 1 < response.size(); i += 2) {
                out.put(response.get(i).toString(), response.get(i + 1).toString());
            }
        }
        return out;
    }
}
