package dev.convene.signaling.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convene.signaling.sfu.videoroom.FeedStream;
import dev.convene.signaling.sfu.videoroom.PublisherFeed;
import dev.convene.signaling.sfu.videoroom.StreamRef;
import dev.convene.signaling.sfu.videoroom.SubscriptionStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What to subscribe and unsubscribe, from publishers and what the subscriber carries now. */
class SubscriptionPlanTest {

    private static final FeedStream MIC = new FeedStream("0", "audio", "mic", false, false);
    private static final FeedStream CAMERA = new FeedStream("1", "video", "camera", false, true);
    private static final FeedStream SCREEN = new FeedStream("2", "video", "screen", false, false);

    private static SubscriptionStream carried(String mid, long feed, String feedMid) {
        return new SubscriptionStream(mid, "video", true, feed, feedMid, "p" + feed, null);
    }

    @Test
    void everyAudioAndVideoStreamOfEveryOtherPublisherInOneBatch() {
        SubscriptionPlan plan = SubscriptionPlan.between(List.of(
                new PublisherFeed(2, "bob", List.of(MIC, CAMERA, SCREEN)),
                new PublisherFeed(1, "alice", List.of(MIC, CAMERA, new FeedStream("3", "data", null, false, false)))), List.of());
        assertEquals(List.of(new StreamRef(1, "0"), new StreamRef(1, "1"), new StreamRef(2, "0"), new StreamRef(2, "1"),
                new StreamRef(2, "2")), plan.subscribe(), "sorted, data channels left out");
        assertTrue(plan.unsubscribe().isEmpty());
        assertEquals(5, plan.size());
    }

    @Test
    void onlyTheDifferenceIsRequested() {
        List<SubscriptionStream> now = List.of(carried("0", 1, "0"), carried("1", 1, "1"), carried("2", 3, "1"),
                new SubscriptionStream("3", "video", false, null, null, null, null)); // an inactive, reusable m-line
        SubscriptionPlan plan = SubscriptionPlan.between(List.of(
                new PublisherFeed(1, "alice", List.of(MIC, CAMERA, SCREEN)), // alice added her screen
                new PublisherFeed(4, "dave", List.of(MIC))), now);         // dave came; feed 3 left
        assertEquals(List.of(new StreamRef(1, "2"), new StreamRef(4, "0")), plan.subscribe());
        assertEquals(List.of(new StreamRef(3, "1")), plan.unsubscribe());
    }

    @Test
    void disabledStreamsAreDroppedAndNothingToDoIsEmpty() {
        List<SubscriptionStream> now = List.of(carried("0", 1, "0"), carried("1", 1, "1"), carried("2", 1, "2"));
        SubscriptionPlan plan = SubscriptionPlan.between(List.of(new PublisherFeed(1, "alice",
                List.of(MIC, CAMERA, new FeedStream("2", "video", "screen", true, false)))), now);
        assertEquals(List.of(), plan.subscribe());
        assertEquals(List.of(new StreamRef(1, "2")), plan.unsubscribe(), "the stopped screen share goes");
        assertTrue(SubscriptionPlan.between(List.of(new PublisherFeed(1, "alice", List.of(MIC, CAMERA))),
                List.of(carried("0", 1, "0"), carried("1", 1, "1"))).isEmpty());
    }
}
