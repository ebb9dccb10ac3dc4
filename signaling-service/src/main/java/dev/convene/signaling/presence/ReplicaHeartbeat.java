package dev.convene.signaling.presence;

import dev.convene.signaling.config.SignalingConfig;
import dev.convene.signaling.events.Envelopes;
import dev.convene.signaling.events.RedisGateway;
import dev.convene.signaling.events.SignalingEvents;
import dev.convene.signaling.service.LocalRooms;
import dev.convene.signaling.service.Participant;
import dev.convene.signaling.service.Replica;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Keeps this replica's presence true in Redis:
 * <ul>
 * <li>heartbeat: renews {p}:replica:{id} (TTL {@code replica-ttl}) every
 * {@code heartbeat-interval}; if the key had vanished (Redis restarted, or this process
 * stalled past the TTL and was swept) it re-asserts every local participant and announces
 * them again;</li>
 * <li>sweeper: every {@code sweep-interval} removes entries of replicas whose key expired and
 * announces their departure, so a crashed replica's participants are gone within
 * {@code replica-ttl + sweep-interval} (+ one sweep's duration). Several replicas may sweep at
 * once; the removal script lets exactly one of them announce each departure.</li>
 * </ul>
 */
@ApplicationScoped
public class ReplicaHeartbeat {

    private static final Logger LOG = Logger.getLogger(ReplicaHeartbeat.class);

    @Inject
    PresenceStore presence;
    @Inject
    LocalRooms rooms;
    @Inject
    SignalingEvents events;
    @Inject
    Replica replica;
    @Inject
    SignalingConfig config;
    @Inject
    Vertx vertx;

    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final long startedAt = System.currentTimeMillis();
    private long heartbeatTimer = -1;
    private long sweepTimer = -1;

    void start(@Observes StartupEvent event) {
        beat();
        heartbeatTimer = vertx.setPeriodic(config.heartbeatInterval().toMillis(), id -> beat());
        sweepTimer = vertx.setPeriodic(config.sweepInterval().toMillis(), id -> {
            if (sweeping.compareAndSet(false, true)) {
                vertx.executeBlocking(() -> {
                    try {
                        sweep();
                    } finally {
                        sweeping.set(false);
                    }
                    return null;
                }, false);
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(heartbeatTimer);
        vertx.cancelTimer(sweepTimer);
        try {
            // Our participants are handed to the survivors' sweepers (or resume elsewhere) at once.
            RedisGateway.await(presence.dropReplica());
        } catch (RuntimeException e) {
            LOG.debugf("Could not drop the replica key: %s", e.getMessage());
        }
    }

    private void beat() {
        String value = new JsonObject().put("startedAt", startedAt).put("replica", replica.id()).encode();
        presence.renewReplica(value, config.replicaTtl().toSeconds()).onSuccess(wasMissing -> {
            if (wasMissing && rooms.participantCount() > 0) {
                LOG.infof("Replica key was missing (Redis restart or stall): re-asserting %d participants",
                        rooms.participantCount());
                reassert();
            }
        }).onFailure(failure -> LOG.warnf("Heartbeat failed: %s", failure.getMessage()));
    }

    private void reassert() {
        for (Participant participant : rooms.participants()) {
            if (participant.phase() == Participant.Phase.GONE) {
                continue;
            }
            presence.put(participant).onSuccess(ok -> events.presence(SignalingEvents.JOINED, participant.room(),
                    participant.id(), presence.entry(participant)));
        }
    }

    /** One sweep over the active rooms (worker thread). */
    void sweep() {
        try {
            List<String> active = RedisGateway.await(presence.activeRooms());
            Map<String, Boolean> aliveCache = new java.util.HashMap<>();
            for (String room : active) {
                sweepRoom(room, aliveCache);
            }
        } catch (RuntimeException e) {
            LOG.debugf("Sweep skipped: %s", e.getMessage());
        }
    }

    private void sweepRoom(String room, Map<String, Boolean> aliveCache) {
        Map<String, String> raw = RedisGateway.await(presence.rawEntries(room));
        if (raw.isEmpty()) {
            RedisGateway.await(presence.forgetRoomIfEmpty(room));
            return;
        }
        Map<String, io.vertx.core.json.JsonObject> entries = new java.util.HashMap<>();
        Set<String> unknown = new HashSet<>();
        raw.forEach((id, value) -> {
            try {
                JsonObject entry = new JsonObject(value);
                entries.put(id, entry);
                String owner = entry.getString("replica");
                if (owner != null && !aliveCache.containsKey(owner)) {
                    unknown.add(owner);
                }
            } catch (RuntimeException e) {
                entries.put(id, new JsonObject()); // malformed: removed below
            }
        });
        if (!unknown.isEmpty()) {
            Set<String> alive = RedisGateway.await(presence.aliveReplicas(unknown));
            unknown.forEach(owner -> aliveCache.put(owner, alive.contains(owner)));
        }
        entries.forEach((id, entry) -> {
            String owner = entry.getString("replica", "");
            if (!aliveCache.getOrDefault(owner, false)
                    && RedisGateway.await(presence.removeIfOwned(room, id, owner))) {
                LOG.debugf("Swept %s of dead replica %s from room %s", id, owner, room);
                events.left(room, id, entry.getString("userId", ""), "connection_lost", Envelopes.SERVICE);
            }
        });
    }
}
