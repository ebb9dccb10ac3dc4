package dev.convene.signaling.sfu.pool;

import dev.convene.signaling.sfu.SfuException;
import dev.convene.signaling.sfu.janus.JanusConnection;
import dev.convene.signaling.sfu.janus.JanusSettings;
import dev.convene.signaling.sfu.videoroom.VideoRoomControl;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The configured Janus instances, one connection each. Health is the connection state (a
 * lost socket or a missed pong is "down"); listeners hear every transition, which is how
 * rooms on a dead Janus get moved. Placement asks {@link #leastLoaded}: the up instance with
 * the fewest rooms (then participants), as the instances themselves report right now.
 */
public final class JanusPool {

    private static final Logger LOG = Logger.getLogger(JanusPool.class);

    private final List<JanusInstance> instances;
    private final List<Consumer<JanusInstance>> downListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<JanusInstance>> upListeners = new CopyOnWriteArrayList<>();

    public JanusPool(Vertx vertx, List<String> urls, JanusSettings settings, Optional<String> adminKey) {
        List<JanusInstance> list = new ArrayList<>();
        for (String url : urls) {
            JanusConnection connection = new JanusConnection(vertx, url.strip(), settings);
            JanusInstance instance = new JanusInstance(connection, new VideoRoomControl(connection, adminKey));
            connection.onStateChange(state -> changed(instance, state));
            list.add(instance);
        }
        this.instances = List.copyOf(list);
    }

    public void start() {
        instances.forEach(instance -> instance.connection().start());
    }

    public void close() {
        instances.forEach(instance -> instance.connection().close());
    }

    public List<JanusInstance> instances() {
        return instances;
    }

    public boolean isConfigured() {
        return !instances.isEmpty();
    }

    public boolean anyUp() {
        return instances.stream().anyMatch(JanusInstance::isUp);
    }

    public Optional<JanusInstance> instance(String url) {
        return instances.stream().filter(i -> i.url().equals(url)).findFirst();
    }

    /** Called (on an event loop) when an instance went down: its sessions are gone. */
    public void onDown(Consumer<JanusInstance> listener) {
        downListeners.add(listener);
    }

    public void onUp(Consumer<JanusInstance> listener) {
        upListeners.add(listener);
    }

    /**
     * The up instance (not in {@code exclude}) with the fewest rooms, then participants. Loads
     * are asked from each instance now; one that does not answer keeps its last known load.
     */
    public Uni<JanusInstance> leastLoaded(Set<String> exclude) {
        List<JanusInstance> candidates = instances.stream()
                .filter(JanusInstance::isUp)
                .filter(i -> !exclude.contains(i.url()))
                .toList();
        if (candidates.isEmpty()) {
            return Uni.createFrom().failure(new SfuException(SfuException.UNAVAILABLE, "no Janus instance is up"));
        }
        List<Uni<Void>> refreshes = candidates.stream().map(this::refreshLoad).toList();
        return Uni.join().all(refreshes).andCollectFailures()
                .onFailure().recoverWithNull()
                .map(ignored -> candidates.stream()
                        .filter(JanusInstance::isUp)
                        .min(Comparator.comparingInt(JanusInstance::rooms).thenComparingInt(JanusInstance::participants))
                        .orElseThrow(() -> new SfuException(SfuException.UNAVAILABLE, "no Janus instance is up")));
    }

    /** Asks the instance for its rooms and participants; never fails (keeps the last load). */
    public Uni<Void> refreshLoad(JanusInstance instance) {
        return instance.control().list()
                .invoke(rooms -> instance.load(rooms.size(),
                        rooms.stream().mapToInt(VideoRoomControl.RoomSummary::participants).sum()))
                .replaceWithVoid()
                .onFailure().invoke(failure -> LOG.debugf("load of %s unknown: %s", instance.url(), failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private void changed(JanusInstance instance, JanusConnection.State state) {
        List<Consumer<JanusInstance>> listeners = switch (state) {
            case DOWN -> downListeners;
            case UP -> upListeners;
            default -> List.of();
        };
        for (Consumer<JanusInstance> listener : listeners) {
            try {
                listener.accept(instance);
            } catch (RuntimeException e) {
                LOG.errorf(e, "pool listener failed for %s %s", instance.url(), state);
            }
        }
    }
}
