package dev.convene.signaling.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convene.signaling.sfu.pool.JanusInstance;
import dev.convene.signaling.sfu.pool.RoomDirectory.Location;
import dev.convene.signaling.support.JanusEnvironment;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Janus is killed (SIGKILL) under a meeting with participants on two replicas: both pools mark
 * it down, the placement moves (once) to the surviving Janus, every participant is told to
 * restart and is rejoined there by itself.
 */
@ExtendWith(JanusEnvironment.class)
@Timeout(120)
class FailoverTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private SfuTestKit replicaA;
    private SfuTestKit replicaB;
    private int killed = -1;

    @BeforeEach
    void replicas() throws InterruptedException {
        String prefix = SfuTestKit.newPrefix();
        replicaA = new SfuTestKit(prefix).awaitAllUp();
        replicaB = new SfuTestKit(prefix).awaitAllUp();
    }

    @AfterEach
    void restore() throws Exception {
        try {
            if (killed >= 0) {
                JanusEnvironment.restart(killed);
            }
        } finally {
            replicaB.close();
            replicaA.close();
        }
    }

    /** Records what the SFU tells one participant. */
    static final class Recorder implements SfuPeerListener {
        final List<String> restarts = new CopyOnWriteArrayList<>();
        final List<String> unavailable = new CopyOnWriteArrayList<>();
        final List<SubscriberOffer> offers = new CopyOnWriteArrayList<>();

        @Override
        public void subscriberOffer(SubscriberOffer offer) {
            offers.add(offer);
        }

        @Override
        public void restart(String reason) {
            restarts.add(reason);
        }

        @Override
        public void unavailable(String reason) {
            unavailable.add(reason);
        }
    }

    private static Set<String> displays(Location location) {
        return location.instance().control().participants(location.janusRoom()).await().atMost(WAIT).stream()
                .map(p -> p.getString("display")).collect(Collectors.toSet());
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aKilledJanusMovesItsMeetingToTheOtherAndParticipantsRejoinThere() throws Exception {
        Recorder alice = new Recorder();
        Recorder bob = new Recorder();
        replicaA.sessions.join(new SfuPeer("failover", "alice", alice)).await().atMost(WAIT);
        replicaB.sessions.join(new SfuPeer("failover", "bob", bob)).await().atMost(WAIT);
        Location before = replicaA.rooms.known("failover").orElseThrow();
        assertTrue(before.sameRoom(replicaB.rooms.known("failover").orElseThrow()));
        assertEquals(Set.of("alice", "bob"), displays(before));

        CompletableFuture<Location> movedOnA = new CompletableFuture<>();
        replicaA.rooms.onMoved((slug, location) -> movedOnA.complete(location));
        CompletableFuture<JanusInstance> downOnB = new CompletableFuture<>();
        replicaB.pool.onDown(downOnB::complete);

        killed = JanusEnvironment.urls().indexOf(before.instance().url());
        long killedAt = System.nanoTime();
        JanusEnvironment.kill(killed);

        assertEquals(before.instance().url(), downOnB.get(10, TimeUnit.SECONDS).url(), "janus-down signal");
        Location after = movedOnA.get(15, TimeUnit.SECONDS);
        System.out.printf("failover: Janus killed → room moved in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
        assertNotEquals(before.instance().url(), after.instance().url());
        assertEquals(2, after.epoch());
        String stored = replicaA.redisGet(replicaA.placements.key("failover"));
        JsonObject placement = new JsonObject(stored);
        assertEquals(after.instance().url(), placement.getString("instance"));
        assertEquals(after.janusRoom(), placement.getLong("room"));

        await("both participants rejoined on the surviving Janus", () -> displays(after).equals(Set.of("alice", "bob")));
        assertFalse(alice.restarts.isEmpty(), "alice was told to re-publish");
        assertFalse(bob.restarts.isEmpty(), "bob was told to re-publish");
        assertTrue(alice.unavailable.isEmpty() && bob.unavailable.isEmpty());
        assertTrue(replicaB.rooms.known("failover").orElseThrow().sameRoom(after), "the other replica followed the same move");
        assertEquals(1.0, replicaA.registry.counter("convene_sfu_room_moves").count()
                + replicaB.registry.counter("convene_sfu_room_moves").count(), "moved once, by one replica");

        replicaA.sessions.leave("alice").await().atMost(WAIT);
        replicaB.sessions.leave("bob").await().atMost(WAIT);
        await("the empty room is destroyed by the last one out", () ->
                !after.instance().control().exists(after.janusRoom()).await().atMost(WAIT));
    }

    @Test
    void withEveryJanusDownParticipantsAreToldTheSfuIsUnavailable() throws Exception {
        // a replica that only knows one Janus: when it dies there is nowhere to go
        try (SfuTestKit lonely = new SfuTestKit(SfuTestKit.newPrefix(), List.of(JanusEnvironment.url(1))).awaitAllUp()) {
            Recorder carol = new Recorder();
            lonely.sessions.join(new SfuPeer("lonely", "carol", carol)).await().atMost(WAIT);
            killed = 1;
            JanusEnvironment.kill(1);
            await("carol hears that the SFU is unavailable", () -> !carol.unavailable.isEmpty());
            assertFalse(lonely.sessions.available());
            JanusEnvironment.restart(1);
            killed = -1;
            await("the pool reconnects by itself", () -> lonely.sessions.available());
        }
    }
}
