package dev.convene.signaling.sfu.pool;

import dev.convene.signaling.sfu.SfuException;
import dev.convene.signaling.sfu.SfuMetrics;
import dev.convene.signaling.sfu.janus.JanusUnavailableException;
import dev.convene.signaling.sfu.videoroom.RoomSpec;
import dev.convene.signaling.sfu.videoroom.VideoRoomControl;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Which Janus room serves a meeting, agreed by every signaling replica through Redis
 * ({@link RoomPlacements}) and made to exist on that Janus.
 *
 * <ul>
 * <li><b>Placement</b>: the first user of a meeting picks the least-loaded instance and a random
 * numeric room id and stores them with SET NX; a replica that loses that race uses the
 * winner's. Whoever uses a placement "creates" the room — Janus answers "already exists" to
 * all but the first, so there is only ever one room per meeting. On this replica, work for one
 * meeting runs one at a time (concurrent joins do not even race).</li>
 * <li><b>Sticky</b>: a placement stays for the meeting's life, renewed while participants are here.</li>
 * <li><b>Failover</b>: when an instance goes down, each meeting known here that lived on it is
 * moved (compare-and-set: the first replica to move it wins, the others adopt the new placement)
 * and {@link #onMoved} listeners learn the new location — or null when no Janus is left.</li>
 * <li><b>Cleanup</b>: the last participant's leave destroys an empty room; a janitor removes empty
 * rooms of ours (description {@code convene:{prefix}:{slug}}) whose placement is gone or elsewhere.</li>
 * </ul>
 */
public final class RoomDirectory {

    /** A meeting's room on a Janus, as this replica uses it. */
    public record Location(String slug, JanusInstance instance, long janusRoom, long epoch, String raw) {

        public boolean sameRoom(Location other) {
            return other != null && instance.url().equals(other.instance.url()) && janusRoom == other.janusRoom;
        }
    }

    private static final Logger LOG = Logger.getLogger(RoomDirectory.class);
    private static final int MAX_ATTEMPTS = 4;

    private final Vertx vertx;
    private final JanusPool pool;
    private final RoomPlacements placements;
    private final RoomTemplate template;
    private final String marker;
    private final SfuMetrics metrics;
    private final Map<String, Location> known = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, Location>> moveListeners = new CopyOnWriteArrayList<>();
    private long refreshTimer = -1;
    private long janitorTimer = -1;

    public RoomDirectory(Vertx vertx, JanusPool pool, RoomPlacements placements, RoomTemplate template,
            String eventsPrefix, SfuMetrics metrics) {
        this.vertx = vertx;
        this.pool = pool;
        this.placements = placements;
        this.template = template;
        this.marker = "convene:" + eventsPrefix + ":";
        this.metrics = metrics;
        pool.onDown(this::instanceDown);
    }

    /** Starts renewing placements and the janitor. */
    public void start(Duration refreshEvery, Duration janitorEvery) {
        refreshTimer = vertx.setPeriodic(refreshEvery.toMillis(), id -> refresh().subscribe().with(x -> { }, f -> { }));
        janitorTimer = vertx.setPeriodic(janitorEvery.toMillis(), id -> sweep().subscribe().with(x -> { }, f -> { }));
    }

    public void stop() {
        if (refreshTimer >= 0) {
            vertx.cancelTimer(refreshTimer);
        }
        if (janitorTimer >= 0) {
            vertx.cancelTimer(janitorTimer);
        }
    }

    /** Called with (slug, new location) when a meeting moved; location null: no Janus can take it. */
    public void onMoved(BiConsumer<String, Location> listener) {
        moveListeners.add(listener);
    }

    /** The meeting's room, placed and created if needed. Fails with SfuException (sfu_unavailable). */
    public Uni<Location> locate(String slug) {
        Location cached = known.get(slug);
        if (cached != null && cached.instance().isUp()) {
            return Uni.createFrom().item(cached);
        }
        return serialized(slug, () -> {
            Location again = known.get(slug);
            if (again != null && again.instance().isUp()) {
                return Uni.createFrom().item(again);
            }
            return resolve(slug, 0);
        });
    }

    /** Forgets a location this replica found unusable (e.g. Janus said "no such room"). */
    public void invalidate(String slug, Location broken) {
        known.remove(slug, broken);
    }

    /** The location this replica currently uses for the meeting, if any. */
    public Optional<Location> known(String slug) {
        return Optional.ofNullable(known.get(slug));
    }

    /**
     * No participant of the meeting is left on this replica: stop renewing it, and if the
     * Janus room is empty, remove the placement and destroy the room. Never fails.
     */
    public Uni<Void> release(String slug) {
        return serialized(slug, () -> {
            Location location = known.remove(slug);
            if (location == null) {
                return Uni.createFrom().nullItem();
            }
            VideoRoomControl control = location.instance().control();
            return control.participants(location.janusRoom())
                    .onItem().transformToUni(participants -> !participants.isEmpty()
                            ? Uni.createFrom().item(false)
                            : placements.delete(slug, location.raw()).onItem().transformToUni(deleted -> deleted
                                    ? control.destroy(location.janusRoom()).invoke(d -> LOG.debugf("room %s destroyed (empty)", slug))
                                    : Uni.createFrom().item(false)))
                    .replaceWith(location);
        }).replaceWithVoid()
                .onFailure().invoke(f -> LOG.debugf("release of %s: %s", slug, f.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** The meeting ended: destroy its room wherever it is and drop the placement. Never fails. */
    public Uni<Void> end(String slug) {
        return serialized(slug, () -> {
            known.remove(slug);
            return placements.get(slug).onItem().transformToUni(stored -> {
                Uni<Void> destroy = stored.flatMap(s -> pool.instance(s.placement().instance()).filter(JanusInstance::isUp)
                                .map(instance -> instance.control().destroy(s.placement().janusRoom()).replaceWithVoid()))
                        .orElse(Uni.createFrom().voidItem());
                return destroy.onFailure().recoverWithNull().replaceWithVoid()
                        .onItem().transformToUni(ignored -> placements.delete(slug));
            });
        }).onFailure().invoke(f -> LOG.warnf("end of SFU room %s: %s", slug, f.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    // ------------------------------------------------------------------ placement

    private Uni<Location> resolve(String slug, int attempt) {
        if (attempt >= MAX_ATTEMPTS) {
            return Uni.createFrom().failure(new SfuException(SfuException.FAILED, "could not place SFU room " + slug));
        }
        return placements.get(slug).onItem().transformToUni(stored -> {
            if (stored.isEmpty()) {
                return placeNew(slug, attempt);
            }
            Optional<JanusInstance> instance = pool.instance(stored.get().placement().instance()).filter(JanusInstance::isUp);
            if (instance.isPresent()) {
                return ensureCreated(slug, instance.get(), stored.get())
                        .onFailure(JanusUnavailableException.class).recoverWithUni(f -> resolve(slug, attempt + 1));
            }
            return moveAway(slug, stored.get(), attempt);
        });
    }

    private Uni<Location> placeNew(String slug, int attempt) {
        return pool.leastLoaded(Set.of()).onItem().transformToUni(instance ->
                placements.claim(slug, new Placement(instance.url(), randomRoomId(), 1))
                        .onItem().transformToUni(claimed -> claimed.isPresent()
                                ? ensureCreated(slug, instance, claimed.get())
                                        .onFailure(JanusUnavailableException.class).recoverWithUni(f -> resolve(slug, attempt + 1))
                                : resolve(slug, attempt + 1))); // another replica placed it first
    }

    private Uni<Location> moveAway(String slug, RoomPlacements.Stored from, int attempt) {
        Placement old = from.placement();
        return pool.leastLoaded(Set.of(old.instance())).onItem().transformToUni(instance ->
                placements.replace(slug, from.raw(), new Placement(instance.url(), randomRoomId(), old.epoch() + 1))
                        .onItem().transformToUni(moved -> {
                            if (moved.isEmpty()) {
                                return resolve(slug, attempt + 1); // another replica moved it first
                            }
                            LOG.infof("SFU room %s moved from %s to %s", slug, old.instance(), instance.url());
                            metrics.roomMoved();
                            return ensureCreated(slug, instance, moved.get())
                                    .onFailure(JanusUnavailableException.class).recoverWithUni(f -> resolve(slug, attempt + 1));
                        }));
    }

    private Uni<Location> ensureCreated(String slug, JanusInstance instance, RoomPlacements.Stored stored) {
        Placement placement = stored.placement();
        RoomSpec spec = new RoomSpec(placement.janusRoom(), marker + slug, template.maxPublishers(), template.bitrate(),
                template.firFrequency(), false, template.recordingDir());
        return instance.control().createIfAbsent(spec).map(room -> {
            Location location = new Location(slug, instance, room, placement.epoch(), stored.raw());
            known.put(slug, location);
            return location;
        });
    }

    private static long randomRoomId() {
        return ThreadLocalRandom.current().nextLong(1, 1L << 53); // exact in JSON numbers everywhere
    }

    // ------------------------------------------------------------------ failover

    private void instanceDown(JanusInstance instance) {
        known.values().stream().filter(location -> location.instance() == instance).forEach(location ->
                relocate(location.slug()).subscribe().with(
                        moved -> notifyMoved(location.slug(), moved),
                        failure -> {
                            LOG.warnf("SFU room %s lost its Janus and no other can take it: %s", location.slug(), failure.getMessage());
                            known.remove(location.slug(), location);
                            notifyMoved(location.slug(), null);
                        }));
    }

    private Uni<Location> relocate(String slug) {
        return serialized(slug, () -> {
            Location current = known.get(slug);
            if (current != null && current.instance().isUp()) {
                return Uni.createFrom().item(current); // already moved (a participant asked first)
            }
            return resolve(slug, 0);
        });
    }

    private void notifyMoved(String slug, Location location) {
        for (BiConsumer<String, Location> listener : moveListeners) {
            try {
                listener.accept(slug, location);
            } catch (RuntimeException e) {
                LOG.errorf(e, "move listener failed for %s", slug);
            }
        }
    }

    // ---------------------------------------------------------- renewal, janitor

    /**
     * Renews the placements this replica uses and notices moves made by other replicas (their
     * view of an instance's health may differ from ours).
     */
    public Uni<Void> refresh() {
        List<Uni<Void>> each = known.values().stream().map(location -> placements.get(location.slug())
                .onItem().transformToUni(stored -> {
                    if (stored.isPresent() && stored.get().placement().instance().equals(location.instance().url())
                            && stored.get().placement().janusRoom() == location.janusRoom()) {
                        known.replace(location.slug(), location, new Location(location.slug(), location.instance(),
                                location.janusRoom(), location.epoch(), stored.get().raw()));
                        return placements.touch(location.slug()).replaceWithVoid();
                    }
                    if (stored.isEmpty()) { // expired although in use: put it back
                        return placements.claim(location.slug(), Placement.fromJson(location.raw())).replaceWithVoid();
                    }
                    known.remove(location.slug(), location); // moved by another replica: follow it
                    return locate(location.slug()).invoke(moved -> notifyMoved(location.slug(), moved)).replaceWithVoid();
                })
                .onFailure().invoke(f -> LOG.debugf("refresh of %s: %s", location.slug(), f.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid()).toList();
        return each.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(each).andCollectFailures().replaceWithVoid();
    }

    /** Updates every instance's load and destroys empty rooms of ours that no placement points to. */
    public Uni<Void> sweep() {
        List<Uni<Void>> each = pool.instances().stream().filter(JanusInstance::isUp).map(instance ->
                instance.control().list().onItem().transformToUni(rooms -> {
                    instance.load(rooms.size(), rooms.stream().mapToInt(VideoRoomControl.RoomSummary::participants).sum());
                    List<Uni<Void>> removals = rooms.stream()
                            .filter(room -> room.participants() == 0 && room.description().startsWith(marker))
                            .map(room -> destroyIfOrphan(instance, room)).toList();
                    return removals.isEmpty() ? Uni.createFrom().voidItem()
                            : Uni.join().all(removals).andCollectFailures().replaceWithVoid();
                }).onFailure().recoverWithNull().replaceWithVoid()).toList();
        return each.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(each).andCollectFailures().replaceWithVoid();
    }

    private Uni<Void> destroyIfOrphan(JanusInstance instance, VideoRoomControl.RoomSummary room) {
        String slug = room.description().substring(marker.length());
        return placements.get(slug).onItem().transformToUni(stored -> {
            boolean placedHere = stored.isPresent() && stored.get().placement().instance().equals(instance.url())
                    && stored.get().placement().janusRoom() == room.room();
            if (placedHere) {
                return Uni.createFrom().voidItem();
            }
            LOG.infof("janitor: destroying orphaned SFU room %s (%d) on %s", slug, room.room(), instance.url());
            return instance.control().destroy(room.room()).replaceWithVoid();
        }).onFailure().recoverWithNull().replaceWithVoid();
    }

    // ------------------------------------------------------------------- helpers

    /** Runs {@code work} after every earlier piece of work for the same meeting on this replica. */
    private <T> Uni<T> serialized(String slug, Supplier<Uni<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<?>[] previous = new CompletableFuture<?>[1];
        tails.compute(slug, (key, tail) -> {
            previous[0] = tail;
            return result;
        });
        CompletableFuture<?> before = previous[0] == null ? CompletableFuture.completedFuture(null) : previous[0];
        before.handle((ignored, failure) -> null).thenRun(() -> {
            Uni<T> uni;
            try {
                uni = work.get();
            } catch (RuntimeException e) {
                uni = Uni.createFrom().failure(e);
            }
            uni.subscribe().with(result::complete, result::completeExceptionally);
        });
        result.whenComplete((item, failure) -> tails.remove(slug, result));
        return Uni.createFrom().completionStage(result);
    }
}
