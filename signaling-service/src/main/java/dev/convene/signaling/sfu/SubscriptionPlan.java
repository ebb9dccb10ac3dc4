package dev.convene.signaling.sfu;

import dev.convene.signaling.sfu.videoroom.FeedStream;
import dev.convene.signaling.sfu.videoroom.PublisherFeed;
import dev.convene.signaling.sfu.videoroom.StreamRef;
import dev.convene.signaling.sfu.videoroom.SubscriptionStream;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The difference between what a participant should receive — every audio/video stream of
 * every other publisher — and what its subscriber PeerConnection carries now. Applied as one
 * Janus {@code update} (subscribe + unsubscribe together), so N changes cost one renegotiation.
 */
record SubscriptionPlan(List<StreamRef> subscribe, List<StreamRef> unsubscribe) {

    private static final Comparator<StreamRef> ORDER = Comparator.comparingLong(StreamRef::feed)
            .thenComparing(StreamRef::mid, Comparator.nullsFirst(Comparator.naturalOrder()));

    static SubscriptionPlan between(Collection<PublisherFeed> others, List<SubscriptionStream> current) {
        Set<StreamRef> wanted = new LinkedHashSet<>();
        for (PublisherFeed feed : others) {
            for (FeedStream stream : feed.streams()) {
                if (!stream.disabled() && ("audio".equals(stream.type()) || "video".equals(stream.type()))) {
                    wanted.add(new StreamRef(feed.feedId(), stream.mid()));
                }
            }
        }
        Set<StreamRef> carried = new LinkedHashSet<>();
        for (SubscriptionStream stream : current) {
            if (stream.carriesMedia()) {
                carried.add(new StreamRef(stream.feedId(), stream.feedMid()));
            }
        }
        List<StreamRef> add = wanted.stream().filter(ref -> !carried.contains(ref)).sorted(ORDER).toList();
        List<StreamRef> drop = carried.stream().filter(ref -> !wanted.contains(ref)).sorted(ORDER).toList();
        return new SubscriptionPlan(add, drop);
    }

    boolean isEmpty() {
        return subscribe.isEmpty() && unsubscribe.isEmpty();
    }

    int size() {
        return subscribe.size() + unsubscribe.size();
    }
}
