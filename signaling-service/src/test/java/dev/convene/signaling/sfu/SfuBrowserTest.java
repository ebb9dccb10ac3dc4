package dev.convene.signaling.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convene.signaling.support.JanusEnvironment;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole SFU flow with real media: three headless Chromium peers (in the Janus namespace)
 * publish through {@link SfuSessions} — camera with three simulcast layers, microphone, one of
 * them its screen as a second video m-line — and receive everyone else on one subscriber
 * PeerConnection each, offers and answers and trickled candidates going only through our API
 * (as the WebSocket layer will pass them). Checked with the browsers' own getStats(): every
 * stream of every other peer is decoded; a receiver's layer choice changes the frame width it
 * decodes; a screen share added later reaches the others; a leave is renegotiated away.
 */
@ExtendWith(JanusEnvironment.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class SfuBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long MEDIA_TIMEOUT_S = 90; // a busy 2-core machine encodes slowly

    private static SfuTestKit kit;
    private static BrowserPeers browser;
    private static final Map<String, Peer> peers = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        kit = new SfuTestKit(SfuTestKit.newPrefix()).awaitAllUp();
        browser = new BrowserPeers();
        browser.onCandidate(c -> {
            PeerConnectionRole role = "publisher".equals(c.pc()) ? PeerConnectionRole.PUBLISHER : PeerConnectionRole.SUBSCRIBER;
            IceCandidate candidate = c.candidate() == null || c.candidate().getString("candidate", "").isEmpty() ? null
                    : new IceCandidate(c.candidate().getString("candidate"), c.candidate().getString("sdpMid"),
                            c.candidate().getInteger("sdpMLineIndex"));
            sessionsOf(c.peer()).trickle(c.peer(), role, candidate).subscribe().with(x -> { },
                    f -> System.out.println("trickle of " + c.peer() + " failed: " + f.getMessage()));
        });
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (kit != null) {
            kit.close();
        }
    }

    /** The SfuSessions ("replica") a peer joined through. */
    private static SfuSessions sessionsOf(String peer) {
        Peer p = peers.get(peer);
        return p == null ? kit.sessions : p.sessions;
    }

    /** One participant: its SFU listener answers subscriber offers through its page. */
    static final class Peer implements SfuPeerListener {
        final String id;
        final SfuSessions sessions;
        final long joinedAt = System.nanoTime();
        final List<SubscriberOffer> offers = new CopyOnWriteArrayList<>();
        final List<String> problems = new CopyOnWriteArrayList<>();
        /** Dynacast: "publisher=layer" in the order told (layer null: dropped). */
        final List<String> demands = new CopyOnWriteArrayList<>();
        volatile List<SubscribedStream> streams = List.of();

        Peer(String id, SfuSessions sessions) {
            this.id = id;
            this.sessions = sessions;
        }

        @Override
        public void subscriberOffer(SubscriberOffer offer) {
            offers.add(offer);
            browser.command("subscriberOffer", id, new JsonObject().put("sdp", offer.sdp()).put("newConnection", offer.newConnection()))
                    .thenCompose(answer -> sessions.answer(id, offer.offerId(), answer.getString("sdp")).subscribeAsCompletionStage())
                    .whenComplete((ok, failure) -> {
                        if (failure != null) {
                            problems.add("answer to offer " + offer.offerId() + ": " + failure.getMessage());
                        } else {
                            streams = offer.streams();
                        }
                    });
        }

        @Override
        public void restart(String reason) {
            problems.add("restart: " + reason);
        }

        @Override
        public void unavailable(String reason) {
            problems.add("unavailable: " + reason);
        }

        @Override
        public void demand(String publisherId, Integer layer) {
            demands.add(publisherId + "=" + layer);
        }

        /** The last layer told to {@code publisher} ("none" if never). */
        String lastDemand(String publisher) {
            String last = "none";
            for (String demand : demands) {
                if (demand.startsWith(publisher + "=")) {
                    last = demand.substring(publisher.length() + 1);
                }
            }
            return last;
        }

        String midOf(String participant, String source) {
            return streams.stream().filter(s -> s.active() && participant.equals(s.participantId()) && source.equals(s.source()))
                    .map(SubscribedStream::mid).findFirst().orElse(null);
        }
    }

    private static Peer join(String room, String id, boolean simulcast, boolean screen) {
        return join(kit.sessions, room, id, simulcast, screen);
    }

    private static Peer join(SfuSessions sessions, String room, String id, boolean simulcast, boolean screen) {
        Peer peer = new Peer(id, sessions);
        peers.put(id, peer);
        browser.await("open", id, null);
        sessions.join(new SfuPeer(room, id, peer)).await().atMost(WAIT);
        JsonObject offer = browser.await("publish", id, new JsonObject().put("simulcast", simulcast).put("screen", screen));
        PublishAnswer answer = sessions.publish(id, offer.getString("sdp"), streams(offer)).await().atMost(WAIT);
        browser.await("publisherAnswer", id, new JsonObject().put("sdp", answer.sdp()));
        return peer;
    }

    private static List<StreamDescription> streams(JsonObject offer) {
        List<StreamDescription> streams = new ArrayList<>();
        JsonArray array = offer.getJsonArray("streams");
        for (int i = 0; i < array.size(); i++) {
            streams.add(new StreamDescription(array.getJsonObject(i).getString("mid"), array.getJsonObject(i).getString("source")));
        }
        return streams;
    }

    /** The inbound-rtp stats of the stream {@code participant}/{@code source} at {@code receiver}, or null. */
    private static JsonObject inbound(Peer receiver, String participant, String source) {
        String mid = receiver.midOf(participant, source);
        if (mid == null) {
            return null;
        }
        JsonArray inbound = browser.await("stats", receiver.id, null).getJsonArray("inbound");
        for (int i = 0; i < inbound.size(); i++) {
            if (mid.equals(inbound.getJsonObject(i).getString("mid"))) {
                return inbound.getJsonObject(i);
            }
        }
        return null;
    }

    private static boolean flowing(Peer receiver, String participant, String source) {
        JsonObject stats = inbound(receiver, participant, source);
        if (stats == null) {
            return false;
        }
        return "audio".equals(stats.getString("kind")) ? stats.getLong("packetsReceived") > 0 : stats.getLong("framesDecoded") > 0;
    }

    private static long awaitMedia(String what, Peer receiver, Map<String, Set<String>> expected) throws InterruptedException {
        return awaitTrue(what, () -> expected.entrySet().stream()
                .allMatch(e -> e.getValue().stream().allMatch(source -> flowing(receiver, e.getKey(), source))));
    }

    private static long awaitTrue(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(MEDIA_TIMEOUT_S);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; peers: " + describe());
            }
            Thread.sleep(300);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static String describe() {
        return peers.values().stream().map(p -> p.id + " offers=" + p.offers.size() + " streams=" + p.streams
                + " problems=" + p.problems + " stats=" + browser.await("stats", p.id, null).encode())
                .collect(Collectors.joining("\n  ", "\n  ", ""));
    }

    private static int width(Peer receiver, String participant, String source) {
        JsonObject stats = inbound(receiver, participant, source);
        return stats == null ? 0 : stats.getInteger("frameWidth", 0);
    }

    @Test
    void threePeersExchangeMediaThroughJanusWithBatchedSubscriptionsLayersScreenShareAndLeave() throws Exception {
        String room = "browser-" + System.nanoTime() % 100_000;
        long t0 = System.nanoTime();
        Peer alice = join(room, "alice", true, false);
        Peer bob = join(room, "bob", true, true);
        Set<String> av = Set.of("camera", "mic");

        long aliceGetsBob = awaitMedia("alice decodes bob (camera, mic, screen)", alice, Map.of("bob", Set.of("camera", "mic", "screen")));
        awaitMedia("bob decodes alice", bob, Map.of("alice", av));
        System.out.printf("SFU: 2 peers decoding each other %d ms after the first join%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));

        // carol joins a meeting that already has two publishers: everything in ONE subscriber join
        long carolStart = System.nanoTime();
        Peer carol = join(room, "carol", false, false);
        awaitMedia("carol decodes alice and bob", carol, Map.of("alice", av, "bob", Set.of("camera", "mic", "screen")));
        System.out.printf("SFU: a third peer decodes 5 streams %d ms after joining (alice got bob within %d ms of waiting)%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - carolStart), aliceGetsBob);
        SubscriberOffer carolsFirst = carol.offers.get(0);
        assertTrue(carolsFirst.newConnection());
        assertEquals(Set.of("alice/camera", "alice/mic", "bob/camera", "bob/mic", "bob/screen"),
                carolsFirst.streams().stream().map(s -> s.participantId() + "/" + s.source()).collect(Collectors.toSet()),
                "carol's first offer carries every stream at once (batched)");
        awaitMedia("alice decodes carol", alice, Map.of("carol", av));
        awaitMedia("bob decodes carol", bob, Map.of("carol", av));
        // dynacast: a new subscription starts at Janus' default, the highest layer, and each publisher
        // whose camera is received is told so once (the screen and the microphone tell nobody anything)
        assertEquals(List.of("alice=2", "bob=2"), carol.demands.stream().sorted().toList(), "carol's first demands");
        assertEquals(List.of("bob=2", "carol=2"), alice.demands.stream().sorted().toList(), "alice's demands");

        // simulcast: carol picks the lowest layer of alice's camera, then the highest again. Chromium
        // sends as many of the three layers as the resolution allows (640×480: h and m, 640 and
        // 320 px wide), so "lowest" is whatever is narrower than the top layer.
        String aliceCamera = carol.midOf("alice", "camera");
        awaitTrue("alice's camera at carol in its top layer (640 px)", () -> width(carol, "alice", "camera") >= 640);
        int high = width(carol, "alice", "camera");
        kit.sessions.selectLayers("carol", List.of(new LayerChoice(aliceCamera, 0, null))).await().atMost(WAIT);
        long switchDown = awaitTrue("carol decodes a lower layer of alice's camera", () -> {
            int w = width(carol, "alice", "camera");
            return w > 0 && w < high;
        });
        int low = width(carol, "alice", "camera");
        assertEquals("0", carol.lastDemand("alice"), "the applied choice is told to alice: " + carol.demands);
        int told = carol.demands.size();
        kit.sessions.selectLayers("carol", List.of(new LayerChoice(aliceCamera, 0, 1))).await().atMost(WAIT);
        assertEquals(told, carol.demands.size(), "the same layer again (another temporal layer) is no news: " + carol.demands);
        kit.sessions.selectLayers("carol", List.of(new LayerChoice(aliceCamera, 2, 2))).await().atMost(WAIT);
        assertEquals("2", carol.lastDemand("alice"), "and back up: " + carol.demands);
        long switchUp = awaitTrue("carol decodes alice's top layer again", () -> width(carol, "alice", "camera") >= high);
        System.out.printf("SFU: simulcast %dpx → %dpx in %d ms, back up in %d ms%n", high, low, switchDown, switchUp);

        // renegotiation of a publisher: alice adds her screen; the others get it
        JsonObject renegotiation = browser.await("addScreen", "alice", null);
        PublishAnswer answer = kit.sessions.publish("alice", renegotiation.getString("sdp"), streams(renegotiation)).await().atMost(WAIT);
        browser.await("publisherAnswer", "alice", new JsonObject().put("sdp", answer.sdp()));
        awaitMedia("bob decodes alice's screen", bob, Map.of("alice", Set.of("screen")));
        awaitMedia("carol decodes alice's screen", carol, Map.of("alice", Set.of("screen")));

        // bob leaves: the others' subscriptions drop his streams, their other media keeps flowing
        int aliceOffersBefore = alice.offers.size();
        kit.sessions.leave("bob").await().atMost(WAIT);
        browser.await("close", "bob", null);
        peers.remove("bob");
        awaitTrue("alice's subscription no longer carries bob", () -> alice.offers.size() > aliceOffersBefore
                && alice.midOf("bob", "camera") == null && alice.midOf("bob", "screen") == null);
        awaitTrue("carol's subscription no longer carries bob", () -> carol.midOf("bob", "camera") == null);
        awaitMedia("alice still decodes carol", alice, Map.of("carol", av));
        awaitMedia("carol still decodes alice", carol, Map.of("alice", Set.of("camera", "mic", "screen")));

        Predicate<Peer> healthy = p -> p.problems.isEmpty();
        assertTrue(healthy.test(alice) && healthy.test(carol), "no failed answers or restarts: " + describe());
        double updates = kit.registry.counter("convene_sfu_subscription_updates").count();
        System.out.printf("SFU: %d subscription requests to Janus, %d offers to clients for 3 peers, a screen share and a leave%n",
                (long) updates, (long) kit.registry.counter("convene_sfu_subscriber_offers").count());
        assertTrue(updates <= 12, "changes are batched: " + updates + " subscription requests");
        // Video added to a running subscription gets a keyframe request once its answer is in (a
        // new subscriber handle gets Janus' own): carol's camera at alice and at bob, alice's
        // screen at bob and at carol. Counted only when Janus accepted the request.
        assertEquals(4.0, kit.registry.counter("convene_sfu_keyframe_requests").count(),
                "keyframe requests for video added to running subscriptions");

        // dave joins through a second replica whose batching window is an hour: his first
        // subscription still comes at once with everything published so far (a join knows every
        // publisher already; only later changes are batched)
        SfuTestKit slowBatching = new SfuTestKit(kit.prefix, JanusEnvironment.urls(), Duration.ofHours(1)).awaitAllUp();
        try {
            Peer dave = join(slowBatching.sessions, room, "dave", false, false);
            awaitTrue("dave's first subscriber offer", () -> !dave.offers.isEmpty());
            assertEquals(Set.of("alice/camera", "alice/mic", "alice/screen", "carol/camera", "carol/mic"),
                    dave.offers.get(0).streams().stream().filter(SubscribedStream::active)
                            .map(st -> st.participantId() + "/" + st.source()).collect(Collectors.toSet()),
                    "dave's first offer: every stream of the room, not held back by the batching window");
            awaitMedia("dave decodes alice and carol", dave, Map.of("alice", Set.of("camera", "mic", "screen"), "carol", av));
            assertEquals(List.of("alice=2", "carol=2"), dave.demands.stream().sorted().toList(), "dave's demands");
            slowBatching.sessions.leave("dave").await().atMost(WAIT);
            assertEquals(List.of("alice=null", "carol=null"), dave.demands.stream().skip(2).sorted().toList(),
                    "leaving drops both publishers who still publish");
            browser.await("close", "dave", null);
            peers.remove("dave");
        } finally {
            slowBatching.closeReplica();
        }

        kit.sessions.leave("alice").await().atMost(WAIT);
        kit.sessions.leave("carol").await().atMost(WAIT);
        assertFalse(kit.rooms.known(room).isPresent(), "the last one out released the room");
    }
}
