package dev.convene.signaling.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convene.signaling.sfu.CameraDemands.Demand;
import dev.convene.signaling.sfu.videoroom.SubscriptionStream;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Dynacast, the subscriber's half: which layer of whose camera a subscriber wants, told only on change. */
class CameraDemandsTest {

    private static final Predicate<String> EVERYONE_PUBLISHES = id -> true;

    private static SubscriptionStream camera(String mid, long feed, String participant) {
        return new SubscriptionStream(mid, "video", true, feed, "1", participant, "camera");
    }

    private static SubscriptionStream mic(String mid, long feed, String participant) {
        return new SubscriptionStream(mid, "audio", true, feed, "0", participant, "mic");
    }

    private static SubscriptionStream screen(String mid, long feed, String participant) {
        return new SubscriptionStream(mid, "video", true, feed, "2", participant, "screen");
    }

    private static SubscriptionStream inactive(String mid) {
        return new SubscriptionStream(mid, "video", false, null, null, null, null);
    }

    private static List<Demand> subscribed(CameraDemands demands, SubscriptionStream... streams) {
        return demands.subscribed(List.of(streams), SubscriptionStream::feedDisplay, EVERYONE_PUBLISHES);
    }

    @Test
    void aNewSubscriptionStartsAtJanusDefaultTheHighestAndOnlyCamerasCount() {
        CameraDemands demands = new CameraDemands();
        assertEquals(List.of(new Demand("alice", 2), new Demand("bob", 2)),
                subscribed(demands, mic("0", 1, "alice"), camera("1", 1, "alice"), mic("2", 2, "bob"), camera("3", 2, "bob"),
                        screen("4", 2, "bob")));
        assertEquals(List.of(), subscribed(demands, mic("0", 1, "alice"), camera("1", 1, "alice"), mic("2", 2, "bob"),
                camera("3", 2, "bob"), screen("4", 2, "bob")), "the same m-lines again: nothing new to tell");
    }

    @Test
    void layerChoicesAreToldOnlyWhenThePublishersLayerChanges() {
        CameraDemands demands = new CameraDemands();
        subscribed(demands, camera("1", 1, "alice"), camera("3", 2, "bob"), screen("4", 2, "bob"));
        assertEquals(List.of(new Demand("alice", 1), new Demand("bob", 0)), demands.chosen(List.of(
                new LayerChoice("1", 1, null), new LayerChoice("3", 0, null), new LayerChoice("4", 0, null), new LayerChoice("9", 0, null)),
                EVERYONE_PUBLISHES), "the screen's and unknown mids' choices tell nobody anything");
        assertEquals(List.of(), demands.chosen(List.of(new LayerChoice("1", 1, 2)), EVERYONE_PUBLISHES), "unchanged");
        assertEquals(List.of(new Demand("alice", 2)), demands.chosen(List.of(new LayerChoice("1", 2, null)), EVERYONE_PUBLISHES));
        assertEquals(List.of(), subscribed(demands, camera("1", 1, "alice"), camera("3", 2, "bob"), mic("5", 3, "carol")),
                "a renegotiation keeps the chosen layers of the m-lines it keeps");
    }

    @Test
    void aDroppedCameraIsADropForAPublisherStillThereAndSilenceForOneWhoLeft() {
        CameraDemands demands = new CameraDemands();
        subscribed(demands, camera("1", 1, "alice"), camera("3", 2, "bob"));
        Set<String> stillPublishing = Set.of("alice");
        assertEquals(List.of(new Demand("alice", null)),
                demands.subscribed(List.of(inactive("1"), inactive("3")), SubscriptionStream::feedDisplay, stillPublishing::contains));
        assertEquals(List.of(new Demand("alice", 2)), subscribed(demands, camera("1", 1, "alice")), "received again: told again");
    }

    @Test
    void aPublisherThatPublishedAgainIsToldAgainEvenAtTheSameLayer() {
        CameraDemands demands = new CameraDemands();
        subscribed(demands, camera("1", 1, "alice"));
        demands.chosen(List.of(new LayerChoice("1", 1, null)), EVERYONE_PUBLISHES);
        // alice rebuilt her connections: a new feed, a new m-line (Janus' default again), the old one inactive
        assertEquals(List.of(new Demand("alice", 2)), subscribed(demands, inactive("1"), camera("2", 7, "alice")));
        assertEquals(List.of(new Demand("alice", 1)), demands.chosen(List.of(new LayerChoice("2", 1, null)), EVERYONE_PUBLISHES));
        // the same layer on a new feed (what alice knew was reset): told anyway
        assertEquals(List.of(new Demand("alice", 2)), subscribed(demands, camera("3", 8, "alice")));
    }

    @Test
    void twoCamerasOfOnePublisherAtOnceAskForTheHigherLayer() {
        CameraDemands demands = new CameraDemands();
        subscribed(demands, camera("1", 1, "alice"));
        demands.chosen(List.of(new LayerChoice("1", 0, null)), EVERYONE_PUBLISHES);
        assertEquals(List.of(new Demand("alice", 2)), subscribed(demands, camera("1", 1, "alice"), camera("2", 4, "alice")));
        assertEquals(List.of(), subscribed(demands, inactive("1"), camera("2", 4, "alice")), "the new one's layer was told already");
        assertEquals(List.of(new Demand("alice", 0)), demands.chosen(List.of(new LayerChoice("2", 0, null)), EVERYONE_PUBLISHES));
    }

    @Test
    void leavingDropsEveryPublisherStillThereAndForgettingTellsNobody() {
        CameraDemands demands = new CameraDemands();
        subscribed(demands, camera("1", 1, "alice"), camera("3", 2, "bob"));
        assertEquals(List.of(new Demand("alice", null)), demands.clear(Set.of("alice")::contains));
        assertEquals(List.of(), demands.clear(EVERYONE_PUBLISHES), "nothing left to drop");

        subscribed(demands, camera("1", 1, "alice"));
        demands.forget();
        assertEquals(List.of(), demands.clear(EVERYONE_PUBLISHES), "forgotten: no drops");
        assertEquals(List.of(new Demand("alice", 2)), subscribed(demands, camera("1", 1, "alice")), "and a fresh start tells again");
    }

    @Test
    void aStreamWhoseOwnerIsUnknownIsLeftOut() {
        CameraDemands demands = new CameraDemands();
        assertEquals(List.of(), demands.subscribed(List.of(camera("1", 1, null)), s -> null, EVERYONE_PUBLISHES));
    }
}
