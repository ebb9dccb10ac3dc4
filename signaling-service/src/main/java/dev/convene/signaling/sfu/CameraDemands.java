package dev.convene.signaling.sfu;

import dev.convene.signaling.sfu.videoroom.SubscriptionStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Dynacast, the subscriber's half: what one subscriber wants of each publisher's camera — the
 * highest simulcast substream Janus forwards to it (0 = rid l … 2 = rid h). The publisher is told
 * ({@code sfu.demand}) and stops encoding layers nobody wants (docs/sfu.md, "Dynacast").
 *
 * <p>Fed with the subscriber connection's m-lines as Janus describes them and with the layer
 * choices applied to them; answers the {@link Demand}s to send, only when what a publisher is told
 * changes: a new camera m-line starts at Janus' default ({@link #JANUS_DEFAULT}, the highest), a
 * layer choice sets it, a camera m-line gone while its publisher still publishes is a drop
 * ({@code layer} null). A publisher whose feed changed (it published again on a new connection,
 * which resets what it knows) is told again even if the layer is the same. Not thread-safe: used
 * inside one participant's serial queue.
 */
final class CameraDemands {

    /** Janus forwards a new subscription's highest substream until the subscriber picks one. */
    static final int JANUS_DEFAULT = 2;

    /** What to tell {@code publisher} (a participant id): the layer wanted now, or null = not received any more. */
    record Demand(String publisher, Integer layer) {
    }

    private record Line(String publisher, long feed, int layer) {
    }

    private record Told(long feed, int layer) {
    }

    /** Camera m-lines of the subscriber connection that carry media, by subscriber mid. */
    private final Map<String, Line> lines = new HashMap<>();
    /** What each publisher was told last. */
    private final Map<String, Told> told = new LinkedHashMap<>();

    /**
     * The subscriber connection carries {@code streams} now. {@code owner} names the participant of a
     * stream (null if unknown); {@code publishing} says whether a participant still publishes (no drop
     * is sent to one who left: it does not listen any more).
     */
    List<Demand> subscribed(List<SubscriptionStream> streams, Function<SubscriptionStream, String> owner, Predicate<String> publishing) {
        Map<String, Line> now = new HashMap<>();
        for (SubscriptionStream stream : streams) {
            if (!isCamera(stream)) {
                continue;
            }
            String publisher = owner.apply(stream);
            if (publisher == null) {
                continue;
            }
            Line before = lines.get(stream.mid());
            boolean same = before != null && before.feed() == stream.feedId() && before.publisher().equals(publisher);
            now.put(stream.mid(), new Line(publisher, stream.feedId(), same ? before.layer() : JANUS_DEFAULT));
        }
        lines.clear();
        lines.putAll(now);
        return changes(publishing);
    }

    /** Layer choices Janus accepted for some m-lines (mids that are no camera of ours are ignored). */
    List<Demand> chosen(List<LayerChoice> choices, Predicate<String> publishing) {
        for (LayerChoice choice : choices) {
            Line line = lines.get(choice.mid());
            if (line != null) {
                lines.put(choice.mid(), new Line(line.publisher(), line.feed(), choice.substream()));
            }
        }
        return changes(publishing);
    }

    /** The subscriber receives nothing any more (it leaves the SFU): a drop for each publisher still there. */
    List<Demand> clear(Predicate<String> publishing) {
        lines.clear();
        return changes(publishing);
    }

    /** Forgets everything without telling anyone (our Janus state is gone; publishers start over too). */
    void forget() {
        lines.clear();
        told.clear();
    }

    private List<Demand> changes(Predicate<String> publishing) {
        Map<String, Told> wanted = new LinkedHashMap<>();
        for (Line line : lines.values()) {
            wanted.merge(line.publisher(), new Told(line.feed(), line.layer()),
                    (a, b) -> new Told(Math.max(a.feed(), b.feed()), Math.max(a.layer(), b.layer())));
        }
        List<Demand> demands = new ArrayList<>();
        for (var it = told.entrySet().iterator(); it.hasNext();) {
            String publisher = it.next().getKey();
            if (!wanted.containsKey(publisher)) {
                it.remove();
                if (publishing.test(publisher)) {
                    demands.add(new Demand(publisher, null));
                }
            }
        }
        wanted.forEach((publisher, now) -> {
            if (!Objects.equals(told.put(publisher, now), now)) {
                demands.add(new Demand(publisher, now.layer()));
            }
        });
        return demands;
    }

    private static boolean isCamera(SubscriptionStream stream) {
        return stream.carriesMedia() && "video".equals(stream.type())
                && (stream.feedDescription() == null || "camera".equals(stream.feedDescription()));
    }
}
