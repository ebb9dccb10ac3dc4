package dev.convene.signaling.sfu;

import dev.convene.signaling.sfu.janus.JanusEvent;
import dev.convene.signaling.sfu.janus.JanusException;
import dev.convene.signaling.sfu.janus.JanusHandle;
import dev.convene.signaling.sfu.janus.JanusSession;
import dev.convene.signaling.sfu.janus.Jsep;
import dev.convene.signaling.sfu.pool.RoomDirectory.Location;
import dev.convene.signaling.sfu.videoroom.PublisherFeed;
import dev.convene.signaling.sfu.videoroom.PublisherHandle;
import dev.convene.signaling.sfu.videoroom.SubscriberHandle;
import dev.convene.signaling.sfu.videoroom.SubscriptionStream;
import dev.convene.signaling.sfu.videoroom.VideoRoomControl;
import dev.convene.signaling.sfu.videoroom.VideoRoomErrors;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * One participant's SFU state on this replica: a Janus session with a publisher handle (joined
 * at once, so it hears about the other publishers even before it publishes itself) and, once
 * there is something to receive, one multistream subscriber handle.
 *
 * <p>Every operation and every Janus event runs through one {@link SerialQueue}, so the state
 * below is only ever touched by one piece of work at a time and in order (a trickle never
 * overtakes its offer). Subscription changes are <b>batched</b>: publisher events only mark the
 * subscription dirty and one {@link SubscriptionPlan} goes to Janus as one request, at most one
 * per {@code batchDelay}: a change after a quiet window goes out at once (leading edge), changes
 * within the window after a flush wait for its end together. While the client has not answered
 * the previous offer nothing else is sent (the changes accumulate and go out together after the
 * answer).
 */
final class SfuParticipant {

    private static final Logger LOG = Logger.getLogger(SfuParticipant.class);
    private static final int MAX_FLUSH_RETRIES = 5;
    private static final long FLUSH_RETRY_MS = 500;

    private final SfuPeer peer;
    private final SfuContext context;
    private final SerialQueue queue = new SerialQueue();

    // Touched only inside queue work (one at a time); volatile where gauges read them.
    private Location location;
    private JanusSession session;
    private PublisherHandle publisher;
    private long feedId;
    private long privateId;
    private final Map<Long, PublisherFeed> others = new LinkedHashMap<>();
    private SubscriberHandle subscriber;
    /** Attached together with the publisher handle, so the first subscription is one request. */
    private JanusHandle spareHandle;
    private List<SubscriptionStream> subscribed = List.of();
    private boolean subscriberIsNew;
    /** Video m-lines the offer awaiting its answer adds to a running subscription (see AddedVideo). */
    private List<String> keyframesAfterAnswer = List.of();
    private long offerSeq;
    private boolean awaitingAnswer;
    private int flushFailures;
    private final CameraDemands demands = new CameraDemands();
    /** Bumped whenever the Janus state is dropped: events of older handles are ignored. */
    private int generation;
    private volatile boolean publishing;
    private volatile boolean receiving;
    private volatile boolean closed;

    private long flushTimer = -1;  // guarded by this
    /** When the last flush began (ms since the epoch): the batching window runs from there. */
    private long lastFlushAt;      // guarded by this
    private long answerTimer = -1; // guarded by this

    SfuParticipant(SfuPeer peer, SfuContext context) {
        this.peer = peer;
        this.context = context;
    }

    String id() {
        return peer.participantId();
    }

    String room() {
        return peer.room();
    }

    boolean isPublishing() {
        return publishing;
    }

    boolean isReceiving() {
        return receiving;
    }

    // ------------------------------------------------------------------ operations

    /** Finds the meeting's room, opens a session and joins it (as a not-yet-publishing publisher). */
    Uni<Void> join() {
        return queue.submit(() -> connect(0));
    }

    Uni<PublishAnswer> publish(String offerSdp, List<StreamDescription> streams) {
        return queue.submit(() -> {
            if (publisher == null) {
                return Uni.createFrom().failure(notJoined());
            }
            long start = System.nanoTime();
            Map<String, String> labels = new LinkedHashMap<>();
            streams.forEach(stream -> labels.put(stream.mid(), stream.source()));
            return publisher.publish(Jsep.offer(offerSdp), labels).map(published -> {
                publishing = true;
                context.metrics().published(start);
                List<PublishAnswer.PublishedStream> accepted = published.streams().stream()
                        .map(s -> new PublishAnswer.PublishedStream(s.mid(), s.type(),
                                s.description() != null ? s.description() : defaultSource(s.type()), s.simulcast()))
                        .toList();
                return new PublishAnswer(published.answer().sdp(), accepted);
            });
        });
    }

    Uni<Void> unpublish() {
        return queue.submit(() -> {
            if (publisher == null || !publisher.isPublished()) {
                return Uni.createFrom().voidItem();
            }
            publishing = false;
            return publisher.unpublish();
        });
    }

    /** The client's answer to offer {@code offerId}; an answer to an older offer is ignored. */
    Uni<Void> answer(long offerId, String answerSdp) {
        return queue.submit(() -> {
            if (subscriber == null || !awaitingAnswer || offerId != offerSeq) {
                LOG.debugf("%s: answer to offer %d ignored (current %d, awaiting %s)", id(), offerId, offerSeq, awaitingAnswer);
                return Uni.createFrom().voidItem();
            }
            awaitingAnswer = false;
            cancelAnswerTimer();
            List<String> keyframes = keyframesAfterAnswer;
            keyframesAfterAnswer = List.of();
            return subscriber.start(Jsep.answer(answerSdp)).invoke(() -> {
                subscriberIsNew = false;
                receiving = true;
                scheduleFlush(); // changes that waited for this answer
            }).call(() -> requestKeyframes(keyframes));
        });
    }

    Uni<Void> trickle(PeerConnectionRole role, IceCandidate candidate) {
        return queue.submit(() -> {
            var handle = role == PeerConnectionRole.PUBLISHER
                    ? (publisher == null ? null : publisher.handle())
                    : (subscriber == null ? null : subscriber.handle());
            if (handle == null) {
                return Uni.createFrom().voidItem(); // nothing to trickle to (e.g. after a restart)
            }
            JsonObject json = null;
            if (candidate != null) {
                json = new JsonObject().put("candidate", candidate.candidate());
                if (candidate.sdpMid() != null) {
                    json.put("sdpMid", candidate.sdpMid());
                }
                if (candidate.sdpMLineIndex() != null) {
                    json.put("sdpMLineIndex", candidate.sdpMLineIndex());
                }
            }
            return handle.trickle(json);
        });
    }

    Uni<Void> selectLayers(List<LayerChoice> layers) {
        return queue.submit(() -> {
            if (subscriber == null || layers.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return subscriber.configure(layers.stream()
                    .map(l -> new SubscriberHandle.Layer(l.mid(), l.substream(), l.temporal())).toList())
                    .invoke(() -> tell(demands.chosen(layers, this::publishes)));
        });
    }

    /** Leaves the SFU: the session (and with it both handles) is destroyed in Janus. */
    Uni<Void> leave() {
        return queue.submit(() -> {
            closed = true;
            JanusSession current = session;
            tell(demands.clear(this::publishes)); // the publishers we received may stop encoding for us
            dropJanusState();
            return current == null ? Uni.createFrom().voidItem() : current.destroy();
        });
    }

    /** The meeting's room moved (or, with null, has no Janus any more). */
    void moved(Location to) {
        queue.submit(() -> {
            if (closed) {
                return Uni.createFrom().voidItem();
            }
            if (to == null) {
                JanusSession current = session;
                if (current == null) {
                    return Uni.createFrom().voidItem(); // already told (our own rejoin failed)
                }
                dropJanusState();
                safely(() -> peer.listener().unavailable(SfuException.UNAVAILABLE));
                return current.destroy();
            }
            if (to.sameRoom(location) && session != null && session.isAlive()) {
                return Uni.createFrom().voidItem(); // already there
            }
            return restart("sfu_moved");
        }).subscribe().with(x -> { }, failure -> LOG.warnf("%s: move failed: %s", id(), failure.getMessage()));
    }

    // ------------------------------------------------------------- join / restart

    private Uni<Void> connect(int attempt) {
        int gen = ++generation;
        return context.rooms().locate(room())
                .onItem().transformToUni(found -> {
                    location = found;
                    return found.instance().connection().createSession();
                })
                .onItem().transformToUni(opened -> {
                    session = opened;
                    // the publisher's handle and the one the subscriber will use, both in flight at once
                    return Uni.combine().all().unis(opened.attach(VideoRoomControl.PLUGIN), opened.attach(VideoRoomControl.PLUGIN))
                            .asTuple();
                })
                .onItem().transformToUni(handles -> {
                    publisher = new PublisherHandle(handles.getItem1());
                    spareHandle = handles.getItem2();
                    publisher.onEvent(event -> onPublisherEvent(gen, event));
                    return publisher.join(location.janusRoom(), id());
                })
                .invoke(joined -> {
                    feedId = joined.feedId();
                    privateId = joined.privateId();
                    others.clear();
                    joined.publishers().forEach(this::upsert);
                    // Everything already published is known now: no batching window. Through a timer
                    // all the same, so a publish that waits behind this join goes to Janus first.
                    scheduleFlush(0);
                })
                .replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    JanusSession half = session;
                    Location broken = location;
                    dropJanusState();
                    Uni<Void> cleanup = half == null ? Uni.createFrom().voidItem() : half.destroy();
                    boolean roomVanished = failure instanceof JanusException janus && janus.code() == VideoRoomErrors.NO_SUCH_ROOM;
                    if (roomVanished && attempt == 0) {
                        // destroyed by a concurrent "last one out" on another replica: place it again
                        context.rooms().invalidate(room(), broken);
                        return cleanup.onItem().transformToUni(ignored -> connect(attempt + 1));
                    }
                    return cleanup.onItem().transformToUni(ignored -> Uni.createFrom().failure(failure));
                });
    }

    /** Our Janus state is gone: tell the client to start over and join again. */
    private Uni<Void> restart(String reason) {
        JanusSession old = session;
        dropJanusState();
        context.metrics().restart(reason);
        safely(() -> peer.listener().restart(reason));
        Uni<Void> cleanup = old == null || !old.isAlive() ? Uni.createFrom().voidItem() : old.destroy();
        return cleanup.onItem().transformToUni(ignored -> connect(0))
                // a moment while the pool settles (the room being moved, a Janus reconnecting)
                .onFailure(failure -> !closed).retry().withBackOff(Duration.ofMillis(300), Duration.ofSeconds(2)).atMost(3)
                .onFailure().invoke(failure -> {
                    LOG.warnf("%s: could not rejoin the SFU: %s", id(), failure.getMessage());
                    safely(() -> peer.listener().unavailable(SfuSessions.translate(failure).code()));
                })
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private void dropJanusState() {
        generation++;
        session = null;
        publisher = null;
        subscriber = null;
        spareHandle = null;
        subscribed = List.of();
        keyframesAfterAnswer = List.of();
        others.clear();
        awaitingAnswer = false;
        subscriberIsNew = false;
        publishing = false;
        receiving = false;
        flushFailures = 0;
        demands.forget();
        cancelFlushTimer();
        cancelAnswerTimer();
    }

    // -------------------------------------------------------------- Janus events

    private void onPublisherEvent(int gen, JanusEvent event) {
        queue.submit(() -> {
            if (gen != generation || closed) {
                return Uni.createFrom().voidItem();
            }
            return switch (event.type()) {
                case PLUGIN_EVENT -> {
                    publishersChanged(event.data());
                    yield Uni.createFrom().voidItem();
                }
                case LOST -> restart("janus_lost");
                case HANGUP -> {
                    publishing = false;
                    media(PeerConnectionRole.PUBLISHER, event);
                    yield Uni.createFrom().voidItem();
                }
                default -> {
                    media(PeerConnectionRole.PUBLISHER, event);
                    yield Uni.createFrom().voidItem();
                }
            };
        }).subscribe().with(x -> { }, failure -> LOG.warnf("%s: publisher event failed: %s", id(), failure.getMessage()));
    }

    private void onSubscriberEvent(int gen, JanusEvent event) {
        queue.submit(() -> {
            if (gen != generation || closed) {
                return Uni.createFrom().voidItem();
            }
            switch (event.type()) {
                case PLUGIN_EVENT -> {
                    JsonArray streams = event.data().getJsonArray("streams");
                    if (streams != null) {
                        subscribed(SubscriptionStream.listFrom(streams));
                    }
                    if (event.jsep() != null && event.jsep().isOffer()) {
                        sendOffer(event.jsep()); // Janus renegotiates by itself, e.g. when a publisher left
                    }
                }
                case LOST -> {
                    return restart("janus_lost");
                }
                case HANGUP -> {
                    // the receiving PeerConnection failed: start a fresh one with everything
                    media(PeerConnectionRole.SUBSCRIBER, event);
                    SubscriberHandle dead = subscriber;
                    subscriber = null;
                    subscribed(List.of());
                    receiving = false;
                    awaitingAnswer = false;
                    cancelAnswerTimer();
                    scheduleFlush();
                    return dead == null ? Uni.createFrom().voidItem() : dead.handle().detach();
                }
                default -> media(PeerConnectionRole.SUBSCRIBER, event);
            }
            return Uni.createFrom().voidItem();
        }).subscribe().with(x -> { }, failure -> LOG.warnf("%s: subscriber event failed: %s", id(), failure.getMessage()));
    }

    /** Videoroom notifications on our publisher handle: publishers came, changed or went. */
    private void publishersChanged(JsonObject data) {
        boolean changed = false;
        JsonArray publishers = data.getJsonArray("publishers");
        if (publishers != null) {
            PublisherFeed.listFrom(publishers).forEach(this::upsert);
            changed = true;
        }
        for (String gone : List.of("unpublished", "leaving", "kicked")) {
            Object value = data.getValue(gone);
            if (value instanceof Number feed) {
                changed |= others.remove(feed.longValue()) != null;
            } else if ("ok".equals(value) && "unpublished".equals(gone)) {
                publishing = false; // our own unpublish
            }
        }
        if (changed) {
            scheduleFlush();
        }
    }

    private void upsert(PublisherFeed feed) {
        if (feed.feedId() != feedId) {
            others.put(feed.feedId(), feed);
        }
    }

    private void media(PeerConnectionRole role, JanusEvent event) {
        String type = switch (event.type()) {
            case WEBRTC_UP -> "webrtcup";
            case MEDIA -> "media";
            case SLOWLINK -> "slowlink";
            case HANGUP -> "hangup";
            default -> null;
        };
        if (type == null) {
            return;
        }
        JsonObject raw = event.raw();
        String detail = switch (event.type()) {
            case MEDIA -> raw.getString("mid", "") + ":" + raw.getString("type", "") + ":" + (raw.getBoolean("receiving", false) ? "on" : "off");
            case SLOWLINK -> raw.getBoolean("uplink", false) ? "uplink" : "downlink";
            case HANGUP -> raw.getString("reason", "");
            default -> "";
        };
        safely(() -> peer.listener().mediaEvent(new MediaEvent(role, type, detail)));
    }

    // ------------------------------------------------------------------ batching

    /**
     * Marks the subscription dirty: the flush runs at once after a quiet {@code batchDelay} (an
     * isolated change, e.g. one person joining, waits for nothing), else when the window that
     * the last flush opened ends, for all changes so far.
     */
    private synchronized void scheduleFlush() {
        long window = context.batchDelay().toMillis();
        long sinceLast = System.currentTimeMillis() - lastFlushAt;
        scheduleFlush(sinceLast >= window ? 0 : window - sinceLast);
    }

    private synchronized void scheduleFlush(long delayMs) {
        if (flushTimer >= 0 || closed) {
            return;
        }
        // Vert.x timers need at least 1 ms (which also lets changes of the same moment coalesce)
        flushTimer = context.vertx().setTimer(Math.max(1, delayMs), id -> {
            synchronized (this) {
                flushTimer = -1;
                lastFlushAt = System.currentTimeMillis();
            }
            queue.submit(this::flush).subscribe().with(x -> { }, failure -> { });
        });
    }

    private Uni<Void> flush() {
        if (closed || publisher == null || awaitingAnswer) {
            return Uni.createFrom().voidItem(); // after the answer, answer() schedules the next flush
        }
        SubscriptionPlan plan = SubscriptionPlan.between(others.values(), subscribed);
        if (plan.isEmpty() || (subscriber == null && plan.subscribe().isEmpty())) {
            return Uni.createFrom().voidItem();
        }
        Uni<SubscriberHandle.Negotiation> request;
        boolean joining = subscriber == null;
        if (joining) {
            int gen = generation;
            JanusHandle spare = spareHandle;
            spareHandle = null;
            Uni<JanusHandle> handleUni = spare != null ? Uni.createFrom().item(spare) : session.attach(VideoRoomControl.PLUGIN);
            request = handleUni.onItem().transformToUni(handle -> {
                subscriber = new SubscriberHandle(handle);
                subscriberIsNew = true;
                subscriber.onEvent(event -> onSubscriberEvent(gen, event));
                return subscriber.join(location.janusRoom(), privateId, plan.subscribe());
            });
        } else {
            request = subscriber.update(plan.subscribe(), plan.unsubscribe());
        }
        int gen = generation;
        return request.onItem().transformToUni(negotiation -> {
            if (gen != generation) {
                return Uni.createFrom().voidItem();
            }
            flushFailures = 0;
            context.metrics().subscriptionUpdate(plan.size());
            // A new handle gets Janus' own keyframe requests once it connects.
            List<String> added = joining ? List.of() : AddedVideo.mids(subscribed, negotiation.streams());
            subscribed(negotiation.streams());
            if (negotiation.offer() == null) {
                return requestKeyframes(added); // nothing to renegotiate: the streams run already
            }
            // Asked after the answer: before it the browser could not take them. (After an answer
            // timeout an unanswered offer's streams are still owed theirs.)
            keyframesAfterAnswer = Stream.concat(keyframesAfterAnswer.stream(), added.stream()).distinct().toList();
            sendOffer(negotiation.offer());
            return Uni.createFrom().voidItem();
        }).onFailure().recoverWithUni(failure -> flushFailed(gen, joining, failure));
    }

    private Uni<Void> flushFailed(int gen, boolean joining, Throwable failure) {
        if (gen != generation) {
            return Uni.createFrom().voidItem();
        }
        LOG.debugf("%s: subscription update failed: %s", id(), failure.getMessage());
        Uni<Void> cleanup = Uni.createFrom().voidItem();
        if (joining && subscriber != null) {
            // the subscriber join itself failed (e.g. a feed left meanwhile: 428): next time a new handle
            SubscriberHandle failed = subscriber;
            subscriber = null;
            cleanup = failed.handle().detach();
        }
        if (++flushFailures <= MAX_FLUSH_RETRIES) {
            // the publishers' events that explain the failure arrive meanwhile
            context.vertx().setTimer(FLUSH_RETRY_MS * flushFailures, id -> scheduleFlush());
        } else {
            LOG.warnf("%s: giving up on a subscription update after %d failures: %s", id(), MAX_FLUSH_RETRIES, failure.getMessage());
        }
        return cleanup;
    }

    /** Never fails: a missed keyframe request only means the picture waits for the next periodic one. */
    private Uni<Void> requestKeyframes(List<String> mids) {
        if (mids.isEmpty() || subscriber == null) {
            return Uni.createFrom().voidItem();
        }
        return subscriber.requestKeyframes(mids)
                .invoke(() -> context.metrics().keyframesRequested(mids.size()))
                .onFailure().recoverWithUni(failure -> {
                    LOG.debugf("%s: keyframe request for %s failed: %s", id(), mids, failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    private void sendOffer(Jsep offer) {
        offerSeq++;
        awaitingAnswer = true;
        startAnswerTimer(offerSeq);
        context.metrics().offerSent();
        List<SubscribedStream> streams = subscribed.stream().map(this::describe).toList();
        SubscriberOffer message = new SubscriberOffer(offerSeq, offer.sdp(), streams, subscriberIsNew);
        safely(() -> peer.listener().subscriberOffer(message));
    }

    /** The subscriber connection carries {@code streams} now: the publishers of its cameras learn what it wants. */
    private void subscribed(List<SubscriptionStream> streams) {
        subscribed = streams;
        tell(demands.subscribed(streams, this::ownerOf, this::publishes));
    }

    /** Dynacast: each publisher whose camera we receive hears which of its layers we want (docs/sfu.md). */
    private void tell(List<CameraDemands.Demand> changes) {
        for (CameraDemands.Demand demand : changes) {
            safely(() -> peer.listener().demand(demand.publisher(), demand.layer()));
        }
    }

    private boolean publishes(String participantId) {
        return others.values().stream().anyMatch(feed -> participantId.equals(feed.display()));
    }

    private String ownerOf(SubscriptionStream stream) {
        if (stream.feedDisplay() != null) {
            return stream.feedDisplay();
        }
        PublisherFeed feed = stream.feedId() == null ? null : others.get(stream.feedId());
        return feed == null ? null : feed.display();
    }

    private SubscribedStream describe(SubscriptionStream stream) {
        String participant = ownerOf(stream);
        String source = stream.feedDescription() != null ? stream.feedDescription() : defaultSource(stream.type());
        return new SubscribedStream(stream.mid(), participant, stream.type(), source, stream.carriesMedia());
    }

    private static String defaultSource(String type) {
        return "audio".equals(type) ? "mic" : "camera";
    }

    // -------------------------------------------------------------------- timers

    private synchronized void startAnswerTimer(long forOffer) {
        cancelAnswerTimer();
        answerTimer = context.vertx().setTimer(context.answerTimeout().toMillis(), id -> queue.submit(() -> {
            if (awaitingAnswer && offerSeq == forOffer) {
                LOG.warnf("%s: no answer to subscriber offer %d; sending further changes anyway", id(), forOffer);
                awaitingAnswer = false;
                scheduleFlush();
            }
            return Uni.createFrom().voidItem();
        }).subscribe().with(x -> { }, f -> { }));
    }

    private synchronized void cancelAnswerTimer() {
        if (answerTimer >= 0) {
            context.vertx().cancelTimer(answerTimer);
            answerTimer = -1;
        }
    }

    private synchronized void cancelFlushTimer() {
        if (flushTimer >= 0) {
            context.vertx().cancelTimer(flushTimer);
            flushTimer = -1;
        }
    }

    private SfuException notJoined() {
        return new SfuException(SfuException.NOT_JOINED, "participant " + id() + " has no SFU connection (join first)");
    }

    private void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: SFU listener failed", id());
        }
    }
}
