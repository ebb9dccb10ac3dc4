package dev.convene.signaling.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convene.signaling.sfu.videoroom.SubscriptionStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which m-lines of a subscription update need a keyframe request to their publisher. */
class AddedVideoTest {

    private static SubscriptionStream video(String mid, long feed, String feedMid) {
        return new SubscriptionStream(mid, "video", true, feed, feedMid, "p" + feed, "camera");
    }

    private static SubscriptionStream audio(String mid, long feed, String feedMid) {
        return new SubscriptionStream(mid, "audio", true, feed, feedMid, "p" + feed, "mic");
    }

    private static SubscriptionStream inactive(String mid, String type) {
        return new SubscriptionStream(mid, type, false, null, null, null, null);
    }

    @Test
    void onlyVideoStreamsTheUpdateAddedAskForAKeyframe() {
        List<SubscriptionStream> before = List.of(audio("0", 1, "0"), video("1", 1, "1"));
        List<SubscriptionStream> after = List.of(audio("0", 1, "0"), video("1", 1, "1"),
                audio("2", 2, "0"), video("3", 2, "1"), video("4", 2, "2"));
        assertEquals(List.of("3", "4"), AddedVideo.mids(before, after), "bob's camera and screen; not his microphone, not alice's camera");
    }

    @Test
    void anMLineReusedForAnotherPublisherCountsAsAdded() {
        // alice left (her m-lines went inactive); carol's camera now rides on alice's old mid 1
        List<SubscriptionStream> before = List.of(inactive("0", "audio"), video("1", 1, "1"));
        List<SubscriptionStream> after = List.of(audio("0", 3, "0"), video("1", 3, "1"));
        assertEquals(List.of("1"), AddedVideo.mids(before, after));
    }

    @Test
    void removalsAndUnchangedStreamsAskForNothing() {
        List<SubscriptionStream> before = List.of(audio("0", 1, "0"), video("1", 1, "1"), video("2", 2, "1"));
        List<SubscriptionStream> after = List.of(audio("0", 1, "0"), video("1", 1, "1"), inactive("2", "video"));
        assertEquals(List.of(), AddedVideo.mids(before, after));
        assertEquals(List.of(), AddedVideo.mids(after, after));
    }
}
