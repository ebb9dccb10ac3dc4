package dev.convene.signaling.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convene.signaling.sfu.pool.JanusInstance;
import dev.convene.signaling.sfu.pool.RoomDirectory.Location;
import dev.convene.signaling.sfu.videoroom.RoomSpec;
import dev.convene.signaling.sfu.videoroom.VideoRoomControl;
import dev.convene.signaling.support.JanusEnvironment;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Room placement across two "replicas" (two kits sharing a Redis prefix, each with its own
 * connections to the two real Janus): one room per meeting however the joins race, least
 * loaded, sticky, released when empty, orphans swept.
 */
@ExtendWith(JanusEnvironment.class)
@Timeout(90)
class PlacementTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private SfuTestKit replicaA;
    private SfuTestKit replicaB;

    @BeforeEach
    void replicas() throws InterruptedException {
        String prefix = SfuTestKit.newPrefix();
        replicaA = new SfuTestKit(prefix).awaitAllUp();
        replicaB = new SfuTestKit(prefix).awaitAllUp();
    }

    @AfterEach
    void close() {
        replicaB.close();
        replicaA.close();
    }

    private List<VideoRoomControl.RoomSummary> roomsOf(String slug) {
        List<VideoRoomControl.RoomSummary> found = new ArrayList<>();
        for (JanusInstance instance : replicaA.pool.instances()) {
            instance.control().list().await().atMost(WAIT).stream()
                    .filter(room -> room.description().equals("convene:" + replicaA.prefix + ":" + slug))
                    .forEach(found::add);
        }
        return found;
    }

    @Test
    void concurrentJoinsOnTwoReplicasPlaceEachMeetingOnceAndCreateOneRoom() {
        for (int meeting = 0; meeting < 4; meeting++) {
            String slug = "race-" + meeting;
            List<Uni<Location>> racers = new ArrayList<>();
            for (int i = 0; i < 3; i++) { // three joins on each replica at the same moment
                racers.add(replicaA.rooms.locate(slug));
                racers.add(replicaB.rooms.locate(slug));
            }
            List<Location> results = Uni.join().all(racers).andFailFast().await().atMost(WAIT);
            Set<String> distinct = results.stream().map(l -> l.instance().url() + "#" + l.janusRoom()).collect(Collectors.toSet());
            assertEquals(1, distinct.size(), "one placement for " + slug + ": " + distinct);
            assertEquals(1, roomsOf(slug).size(), "one Janus room for " + slug);
            String stored = replicaA.redisGet(replicaA.placements.key(slug));
            assertTrue(stored.contains("\"room\":" + results.get(0).janusRoom()), stored);
        }
    }

    @Test
    void placementGoesToTheLeastLoadedInstanceAndSticks() {
        List<JanusInstance> instances = replicaA.pool.instances();
        replicaA.pool.refreshLoad(instances.get(0)).await().atMost(WAIT);
        replicaA.pool.refreshLoad(instances.get(1)).await().atMost(WAIT);
        int before0 = instances.get(0).rooms();
        int before1 = instances.get(1).rooms();

        List<Location> placed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            placed.add(replicaA.rooms.locate("load-" + i).await().atMost(WAIT));
        }
        replicaA.pool.refreshLoad(instances.get(0)).await().atMost(WAIT);
        replicaA.pool.refreshLoad(instances.get(1)).await().atMost(WAIT);
        int gap = Math.abs(instances.get(0).rooms() - instances.get(1).rooms());
        assertTrue(gap <= Math.max(1, Math.abs(before0 - before1) - 4),
                "each room went to the instance with fewer rooms: before " + before0 + "/" + before1 + ", after "
                        + instances.get(0).rooms() + "/" + instances.get(1).rooms());

        for (int i = 0; i < 4; i++) {
            Location again = replicaB.rooms.locate("load-" + i).await().atMost(WAIT);
            assertTrue(again.sameRoom(placed.get(i)), "the other replica uses the same room");
            assertTrue(replicaA.rooms.locate("load-" + i).await().atMost(WAIT).sameRoom(placed.get(i)), "sticky");
        }
    }

    @Test
    void theLastOneOutDestroysAnEmptyRoomAndItsPlacement() {
        Location location = replicaA.rooms.locate("release").await().atMost(WAIT);
        assertEquals(1, roomsOf("release").size());
        replicaA.rooms.release("release").await().atMost(WAIT);
        assertTrue(roomsOf("release").isEmpty(), "room destroyed");
        assertNull(replicaA.redisGet(replicaA.placements.key("release")), "placement removed");
        // and a later join simply places it again
        Location next = replicaB.rooms.locate("release").await().atMost(WAIT);
        assertNotNull(next);
        assertTrue(next.janusRoom() != location.janusRoom() || !next.instance().url().equals(location.instance().url())
                || roomsOf("release").size() == 1);
    }

    @Test
    void theEndOfAMeetingDestroysItsRoomFromAnyReplica() {
        replicaA.rooms.locate("ended").await().atMost(WAIT);
        replicaB.rooms.end("ended").await().atMost(WAIT);
        assertTrue(roomsOf("ended").isEmpty());
        assertNull(replicaA.redisGet(replicaA.placements.key("ended")));
    }

    @Test
    void theJanitorRemovesEmptyRoomsOfOursWithoutAPlacement() {
        JanusInstance instance = replicaA.pool.instances().get(1);
        long orphan = ThreadLocalRandom.current().nextLong(1, 1L << 53);
        instance.control().createIfAbsent(new RoomSpec(orphan, "convene:" + replicaA.prefix + ":orphan", 10, 0, 2, false, null))
                .await().atMost(WAIT);
        long foreign = ThreadLocalRandom.current().nextLong(1, 1L << 53);
        instance.control().createIfAbsent(new RoomSpec(foreign, "someone else's room", 10, 0, 2, false, null))
                .await().atMost(WAIT);
        Location kept = replicaA.rooms.locate("kept").await().atMost(WAIT);

        replicaB.rooms.sweep().await().atMost(WAIT);

        assertTrue(roomsOf("orphan").isEmpty(), "orphan destroyed");
        assertTrue(instance.control().exists(foreign).await().atMost(WAIT), "rooms that are not ours are left alone");
        assertTrue(kept.instance().control().exists(kept.janusRoom()).await().atMost(WAIT), "placed rooms stay");
        instance.control().destroy(foreign).await().atMost(WAIT);
    }
}
