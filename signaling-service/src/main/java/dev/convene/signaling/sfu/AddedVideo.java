package dev.convene.signaling.sfu;

import dev.convene.signaling.sfu.videoroom.SubscriptionStream;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The video m-lines a subscription update added: each needs a keyframe before its receiver can
 * show anything. Janus asks the publisher for one when a subscriber handle first connects, but
 * not for streams an {@code update} adds to a running subscription; those would wait for the
 * room's periodic request ({@code fir_freq}) or Janus' one-second simulcast fallback.
 */
final class AddedVideo {

    private AddedVideo() {
    }

    /** Subscriber-side mids of video streams in {@code after} that {@code before} did not carry on that m-line. */
    static List<String> mids(List<SubscriptionStream> before, List<SubscriptionStream> after) {
        Set<String> carried = new HashSet<>();
        for (SubscriptionStream stream : before) {
            if (stream.carriesMedia()) {
                carried.add(key(stream));
            }
        }
        return after.stream()
                .filter(stream -> stream.carriesMedia() && "video".equals(stream.type()) && !carried.contains(key(stream)))
                .map(SubscriptionStream::mid)
                .filter(Objects::nonNull)
                .toList();
    }

    private static String key(SubscriptionStream stream) {
        return stream.mid() + "/" + stream.feedId() + "/" + stream.feedMid();
    }
}
