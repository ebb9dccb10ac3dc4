package dev.convene.signaling.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convene.signaling.config.MediaModeConfig;
import dev.convene.signaling.events.RedisGateway;
import dev.convene.signaling.events.SignalingEvents;
import dev.convene.signaling.recording.ActiveRecordings;
import dev.convene.signaling.service.LocalRoom;
import dev.convene.signaling.service.LocalRooms;
import dev.convene.signaling.service.Participant;
import dev.convene.signaling.sfu.SfuSessions;
import dev.convene.signaling.ws.ServerMessages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The media mode of each meeting (docs/sfu.md, "AUTO switching"): which mode a joiner's welcome
 * shows, and, in AUTO rooms, when the whole room switches between P2P and SFU.
 *
 * <p>The state lives in Redis ({@link ModeStore}); every replica holding participants of a room
 * evaluates the rules on presence changes, client reports and a periodic re-check, and tries the
 * transition with a compare-and-set: one replica wins and announces it on the room channel
 * ({@code media.mode}); each replica then tells its own participants ({@code media-mode}
 * prepare / commit). Readiness reports travel the same way ({@code media.ready}), so whichever
 * replica sees the last one commits. Nothing here blocks except {@link #stateForJoin} (a join
 * runs on a worker thread anyway).
 *
 * <p>The rules themselves are in {@link AutoRules}; this class keeps each room's state, timers and
 * readiness, and talks to Redis and the participants.
 */
@ApplicationScoped
public class MediaModes {

    private static final Logger LOG = Logger.getLogger(MediaModes.class);
    /** After a commit to P2P, participants still in SFU mode (a client that never sent sfu.leave) are removed. */
    static final Duration SFU_CLEANUP_DELAY = Duration.ofSeconds(20);

    @Inject
    ModeStore store;
    @Inject
    LocalRooms rooms;
    @Inject
    SignalingEvents events;
    @Inject
    ServerMessages messages;
    @Inject
    SfuSessions sfu;
    @Inject
    MediaModeConfig config;
    @Inject
    Vertx vertx;
    @Inject
    ObjectMapper json;
    @Inject
    MeterRegistry registry;
    @Inject
    ActiveRecordings recordings;

    private final Map<String, RoomMedia> known = new ConcurrentHashMap<>();
    private AutoRules rules;
    private Timer switchDuration;
    private long recheckTimer = -1;

    /** What this replica knows about one room's mode, and the bookkeeping of a switch in progress. */
    static final class RoomMedia {
        ModeState state;
        final java.util.Set<String> ready = new java.util.HashSet<>();
        final Map<String, Integer> overloadReports = new java.util.HashMap<>();
        /** The switch (epoch) each local participant was last told to prepare: a joiner must not get it twice. */
        final Map<String, Long> preparedFor = new java.util.HashMap<>();
        long shrunkSince;
        long commitTimer = -1;
        long backTimer = -1;
        /** Callers of {@link #moveToSfu} waiting for the switch to end (true: the meeting is on the SFU). */
        final List<Promise<Boolean>> sfuWaiters = new java.util.ArrayList<>();
    }

    @jakarta.annotation.PostConstruct
    void init() {
        rules = new AutoRules(config.autoThreshold(), config.backToP2pDelay().toMillis(), config.minAvailableKbps(),
                config.maxLossRate());
    }

    void start(@Observes StartupEvent event) {
        switchDuration = Timer.builder("convene_media_mode_switch_seconds")
                .description("AUTO switch: prepare until commit (every participant's new path ready, or the timeout)")
                .publishPercentiles(0.5, 0.95).register(registry);
        recheckTimer = vertx.setPeriodic(config.recheckInterval().toMillis(), id -> recheckAll());
    }

    void stop(@Observes ShutdownEvent event) {
        if (recheckTimer >= 0) {
            vertx.cancelTimer(recheckTimer);
        }
    }

    // --------------------------------------------------------------------------- joins

    /**
     * The mode a joiner's welcome shows (worker thread: waits for Redis; called after the joiner's
     * presence entry is written). A joiner alone in the room starts a new meeting: its state
     * follows the room's {@code mediaMode} setting (a later change of the setting applies from
     * the next meeting). Concurrent joiners agree through compare-and-set; a reset is announced
     * so that replicas holding an older state follow it.
     */
    public ModeState stateForJoin(LocalRoom room, ObjectNode settings) {
        String slug = room.slug();
        String setting = settings == null ? ModeState.AUTO : settings.path("mediaMode").asText(ModeState.AUTO);
        ModeState state = null;
        boolean switchedHere = false;
        for (int attempt = 0; attempt < 5 && state == null; attempt++) {
            ModeState stored = RedisGateway.await(store.get(slug));
            long present = stored == null ? 0 : RedisGateway.await(store.presenceCount(slug));
            if (present > 1) {
                state = switchedByJoin(slug, stored, present); // a meeting in progress
                if (state != null) {
                    switchedHere = state != stored;
                    break;
                }
                continue; // another replica changed the state meanwhile: read it again
            }
            ModeState fresh = ModeState.initial(setting, now(), stored == null ? 1 : stored.epoch() + 1);
            boolean written = RedisGateway.await(stored == null ? store.create(slug, fresh) : store.replace(slug, stored, fresh));
            if (written) {
                state = fresh;
                if (stored != null) {
                    announce(slug, fresh);
                }
            }
        }
        if (state == null) {
            LOG.warnf("Room %s: media state contended; starting from the setting", slug);
            state = ModeState.initial(setting, now(), 1);
        }
        RoomMedia media = known.computeIfAbsent(slug, s -> new RoomMedia());
        boolean tellOthersHere = false;
        synchronized (media) {
            if (switchedHere && (media.state == null || state.epoch() > media.state.epoch())) {
                // This join started the switch: it applies here now, so the joiner's own ready report
                // (sent as soon as its prepare arrives, before the room event) counts; the others here
                // are told below, as the room event will look known when it comes back.
                adopt(slug, media, state);
                tellOthersHere = true;
            } else if (media.state == null || (state.epoch() > media.state.epoch() && room.participants().size() <= 1)) {
                media.state = state; // nobody else here needs to hear of it
            } else if (state.epoch() < media.state.epoch()) {
                state = media.state;
            }
            // A state newer than the one this replica applied (a switch decided elsewhere, its room
            // event still on the way) goes into the joiner's welcome only: applying it here would make
            // that event look known (onModeEvent) and the others here would never hear of the switch.
            if (media.state.switching() && media.commitTimer < 0) {
                scheduleCommit(slug, media); // whoever prepared it may be gone
            }
        }
        if (tellOthersHere) {
            ModeState prepared = state;
            room.participants().forEach(p -> tellPrepare(p, prepared)); // the joiner is not live yet: joined() tells it
        }
        return state;
    }

    /**
     * The state a joiner of a meeting in progress finds, with the switch to the SFU its arrival
     * causes already started (null: the compare-and-set lost, read again). Deciding before the
     * welcome rather than after it (as {@link #membershipChanged} would) lets the welcome carry
     * the switch: the joiner then goes to the SFU at once instead of building a mesh with
     * everyone that the switch closes again a few seconds later, which on a busy machine costs
     * the others' old links the CPU they need until commit.
     */
    private ModeState switchedByJoin(String slug, ModeState stored, long present) {
        AutoRules.Decision decision = rules.evaluate(new AutoRules.Situation(stored, (int) present, sfu.available(),
                id -> true, now(), 0));
        ModeState next = decision.next();
        if (next == null || !ModeState.SFU.equals(next.target())) {
            return stored;
        }
        if (!RedisGateway.await(store.replace(slug, stored, next))) {
            return null;
        }
        announced(slug, stored, next);
        return next;
    }

    /**
     * After the welcome: a joiner during a switch gets the same prepare as everyone. A participant
     * that resumed here from another replica lost its Janus session with that replica: in SFU mode
     * it is joined again here and told to restart its SFU connections.
     */
    public void joined(Participant participant, ModeState state, boolean movedFromAnotherReplica, SfuRejoin rejoin) {
        if (state.switching()) {
            tellPrepare(participant, state);
        }
        if (movedFromAnotherReplica && (ModeState.SFU.equals(state.mode()) || ModeState.SFU.equals(state.target()))) {
            rejoin.rejoin(participant);
        }
    }

    /** How a participant is put back into SFU mode after moving replicas (implemented by {@link SfuSignals}). */
    public interface SfuRejoin {
        void rejoin(Participant participant);
    }

    /** The mode in force for a room this replica holds (p2p if unknown). */
    public String modeOf(String slug) {
        ModeState state = stateOf(slug);
        return state == null ? ModeState.P2P : state.mode();
    }

    /** True if the room's meeting is fixed to P2P (SFU requests are refused). */
    public boolean fixedP2p(String slug) {
        ModeState state = stateOf(slug);
        return state != null && "P2P".equals(state.setting());
    }

    // -------------------------------------------------------------------- client reports

    /** media-mode-ready: tell every replica of the room (the last report commits, wherever it lands). */
    public void ready(Participant participant, ObjectNode body) {
        ModeState state = stateOf(participant.room());
        if (state == null || !state.switching() || !state.target().equals(body.path("mode").asText())) {
            return; // a report for a switch that is over (or aborted): nothing to count
        }
        ObjectNode payload = json.createObjectNode().put("participantId", participant.id()).put("epoch", state.epoch())
                .put("complete", body.path("complete").asBoolean()).put("waitedMs", body.path("waitedMs").asLong());
        events.media(SignalingEvents.MEDIA_READY, participant.room(), participant.id(), payload);
    }

    /** media-p2p-failed: a pair cannot connect directly; an AUTO room moves to the SFU while both are present. */
    public void p2pFailed(Participant participant, String peer) {
        LocalRoom room = rooms.room(participant.room());
        if (room == null || room.routeOf(peer) == null) {
            return;
        }
        requestSfu(participant.room(), "p2p_failed", List.of(participant.id(), peer));
    }

    /** media-stats: a sender whose uplink is overloaded in several reports in a row moves an AUTO room to the SFU. */
    public void stats(Participant participant, ObjectNode body) {
        RoomMedia media = known.get(participant.room());
        if (media == null) {
            return;
        }
        boolean overloaded = rules.overloaded(body);
        int reports;
        synchronized (media) {
            reports = overloaded ? media.overloadReports.merge(participant.id(), 1, Integer::sum) : 0;
            if (!overloaded) {
                media.overloadReports.remove(participant.id());
            }
        }
        if (reports >= config.overloadReports()) {
            requestSfu(participant.room(), "uplink", List.of(participant.id()));
        }
    }

    /**
     * room.settings-changed: the meeting follows a changed mediaMode setting now rather than from
     * its next start (every replica of the room tries; the compare-and-set lets one win).
     */
    public void settingChanged(String slug, String setting) {
        ModeState state = stateOf(slug);
        ModeState next = rules.settingChanged(state, setting, sfu.available(), now());
        if (next != null) {
            transition(slug, state, next);
        }
    }

    /** The SFU cannot serve a participant of the room (no Janus up): an AUTO room falls back to P2P. */
    public void sfuUnavailable(String slug) {
        ModeState state = stateOf(slug);
        ModeState next = rules.sfuLost(state, now());
        if (next != null) {
            transition(slug, state, next);
        }
    }

    /**
     * Something needs the meeting on the SFU (a host starts a server recording): completes true
     * once it is there — at once if it is, after the switch's commit if an AUTO meeting in P2P has
     * to move (started here with {@code reason}, or already under way) — and false if it is not
     * and will not be: a room fixed to P2P, no Janus up, a switch back to P2P, or no commit within
     * the switch timeout (plus a margin for the commit's round trip through Redis).
     */
    public Future<Boolean> moveToSfu(String slug, String reason) {
        RoomMedia media = known.get(slug);
        if (media == null) {
            return Future.succeededFuture(true); // nothing known here: the placement decides
        }
        ModeState state;
        Promise<Boolean> done = Promise.promise();
        synchronized (media) {
            state = media.state;
            if (state == null || ModeState.SFU.equals(state.mode()) && !state.switching()) {
                return Future.succeededFuture(true);
            }
            if (state.switching() && !ModeState.SFU.equals(state.target())) {
                return Future.succeededFuture(false);
            }
            media.sfuWaiters.add(done);
        }
        if (!state.switching()) {
            ModeState next = rules.requestSfu(state, sfu.available(), reason, List.of(), now());
            if (next == null) { // (only this caller: an earlier one may wait for a switch already asked)
                synchronized (media) {
                    media.sfuWaiters.remove(done);
                }
                return Future.succeededFuture(false);
            }
            transition(slug, state, next);
        }
        long timeout = config.switchTimeout().toMillis() + 2_000;
        vertx.setTimer(timeout, id -> {
            synchronized (media) {
                media.sfuWaiters.remove(done);
            }
            done.tryComplete(false);
        });
        return done.future();
    }

    /** A recording stopped: a meeting it kept on the SFU may go back to P2P now. */
    public void recordingStopped(String slug) {
        evaluate(slug);
    }

    // -------------------------------------------------------------------- room events

    /** presence.joined / presence.left (routes already updated): re-evaluate, and count readiness again. */
    public void membershipChanged(String slug) {
        evaluate(slug);
        checkAllReady(slug);
    }

    /** media.mode from the room channel (any replica, this one included): follow it and tell our participants. */
    public void onModeEvent(String slug, JsonNode payload) {
        ModeState next = ModeState.fromJson(payload);
        LocalRoom room = rooms.room(slug);
        if (next == null || room == null) {
            return;
        }
        RoomMedia media = known.computeIfAbsent(slug, s -> new RoomMedia());
        String modeBefore;
        synchronized (media) {
            if (media.state != null && next.epoch() <= media.state.epoch()) {
                return; // already known (our own join read it) or stale
            }
            modeBefore = media.state == null ? null : media.state.mode();
            adopt(slug, media, next);
        }
        if (!next.switching() || ModeState.P2P.equals(next.target())) {
            settle(media, !next.switching() && ModeState.SFU.equals(next.mode()));
        }
        if (next.switching()) {
            room.participants().forEach(p -> tellPrepare(p, next));
        } else if (!next.mode().equals(modeBefore)) { // (a new meeting's reset in the same mode says nothing new)
            String frame = modeFrame(next.mode(), "commit", next.reason());
            room.participants().forEach(p -> p.deliver(frame));
        }
        if (!next.switching() && ModeState.P2P.equals(next.mode())) {
            vertx.setTimer(SFU_CLEANUP_DELAY.toMillis(), id -> leaveSfuIfStillP2p(slug));
        }
        evaluate(slug);
    }

    /** media.ready from the room channel. */
    public void onReadyEvent(String slug, JsonNode payload) {
        RoomMedia media = known.get(slug);
        if (media == null) {
            return;
        }
        synchronized (media) {
            if (media.state == null || !media.state.switching() || payload.path("epoch").asLong() != media.state.epoch()) {
                return;
            }
            media.ready.add(payload.path("participantId").asText());
        }
        checkAllReady(slug);
    }

    /** room.ended: the meeting's state goes (the next meeting starts fresh). */
    public void ended(String slug) {
        forget(slug);
        store.delete(slug);
    }

    // ------------------------------------------------------------------------ decisions

    private void evaluate(String slug) {
        LocalRoom room = rooms.room(slug);
        RoomMedia media = known.get(slug);
        if (room == null || media == null) {
            return;
        }
        ModeState state;
        AutoRules.Decision decision;
        synchronized (media) {
            state = media.state;
            decision = rules.evaluate(new AutoRules.Situation(state, room.routes().size(), sfu.available(),
                    id -> room.routeOf(id) != null, now(), media.shrunkSince));
            media.shrunkSince = decision.shrunkSince();
            if (decision.recheckAt() > 0 && media.backTimer < 0) {
                media.backTimer = vertx.setTimer(Math.max(1, decision.recheckAt() - now()), id -> {
                    synchronized (media) {
                        media.backTimer = -1;
                    }
                    evaluate(slug);
                });
            }
        }
        ModeState next = decision.next();
        if (next != null && rules.postponedByRecording(next)) {
            // A recorded meeting stays on the SFU (Janus records it); asked each time, as the
            // recording may have been started or stopped on another replica.
            recordings.running(slug).onComplete(running -> {
                if (running.succeeded() && !running.result()) {
                    transition(slug, state, next);
                }
            });
        } else if (next != null) {
            transition(slug, state, next);
        }
    }

    private void requestSfu(String slug, String reason, List<String> sticky) {
        ModeState state = stateOf(slug);
        ModeState next = rules.requestSfu(state, sfu.available(), reason, sticky, now());
        if (next != null) {
            transition(slug, state, next);
        } else if (state != null && state.isAuto() && !sfu.available()) {
            LOG.debugf("Room %s would move to the SFU (%s) but no Janus is up", slug, reason);
        }
    }

    private void checkAllReady(String slug) {
        LocalRoom room = rooms.room(slug);
        RoomMedia media = known.get(slug);
        if (room == null || media == null) {
            return;
        }
        ModeState state;
        synchronized (media) {
            state = media.state;
            if (state == null || !state.switching() || !media.ready.containsAll(room.routes().keySet())) {
                return;
            }
        }
        commit(slug, state);
    }

    /** A newer state applies here (caller holds {@code media}): readiness starts over, and a switch gets its commit timer. */
    private void adopt(String slug, RoomMedia media, ModeState next) {
        media.state = next;
        media.ready.clear();
        cancel(media.commitTimer);
        media.commitTimer = -1;
        if (next.switching()) {
            scheduleCommit(slug, media);
        }
    }

    private void scheduleCommit(String slug, RoomMedia media) {
        ModeState prepared = media.state;
        long remaining = prepared.since() + config.switchTimeout().toMillis() - now();
        media.commitTimer = vertx.setTimer(Math.max(1, remaining), id -> commit(slug, prepared));
    }

    private void commit(String slug, ModeState prepared) {
        long now = now();
        transition(slug, prepared, prepared.commit(now));
    }

    /** Compare-and-set; the winner announces the new state to the room's replicas. */
    private void transition(String slug, ModeState expected, ModeState next) {
        store.replace(slug, expected, next).onComplete(result -> {
            if (result.failed()) {
                LOG.debugf("Media mode of %s: Redis failed (%s); the periodic re-check retries", slug,
                        result.cause().getMessage());
                return;
            }
            if (result.result()) { // else another replica changed it first: its media.mode event follows
                announced(slug, expected, next);
            }
        });
    }

    /** A transition this replica won: logged, counted, and announced to the room's replicas. */
    private void announced(String slug, ModeState expected, ModeState next) {
        if (next.switching()) {
            LOG.infof("Room %s: switching %s -> %s (%s)", slug, next.mode(), next.target(), next.reason());
        } else {
            long tookMs = Math.max(0, next.since() - expected.since());
            switchDuration.record(Duration.ofMillis(tookMs));
            Counter.builder("convene_media_mode_switches_total").description("AUTO rooms switched to a mode")
                    .tag("to", next.mode()).tag("reason", next.reason()).register(registry).increment();
            LOG.infof("Room %s: now %s (switch took %d ms)", slug, next.mode(), tookMs);
        }
        announce(slug, next);
    }

    private void announce(String slug, ModeState state) {
        ObjectNode payload = (ObjectNode) readTree(state.toJson(json));
        events.media(SignalingEvents.MEDIA_MODE, slug, dev.convene.signaling.events.Envelopes.SERVICE, payload);
    }

    private void recheckAll() {
        for (String slug : List.copyOf(known.keySet())) {
            if (rooms.room(slug) == null) {
                forget(slug);
            } else {
                evaluate(slug);
            }
        }
    }

    private void leaveSfuIfStillP2p(String slug) {
        ModeState state = stateOf(slug);
        if (state != null && ModeState.P2P.equals(state.mode()) && !state.switching()) {
            for (String id : sfu.participantsOf(slug)) {
                sfu.leave(id);
            }
        }
    }

    /** What this replica knows of a room's state (null: nothing). */
    private ModeState stateOf(String slug) {
        RoomMedia media = known.get(slug);
        if (media == null) {
            return null;
        }
        synchronized (media) {
            return media.state;
        }
    }

    /** This replica stops following a room: its timers go with it. */
    private void forget(String slug) {
        RoomMedia gone = known.remove(slug);
        if (gone != null) {
            synchronized (gone) {
                cancel(gone.commitTimer);
                cancel(gone.backTimer);
            }
            settle(gone, false);
        }
    }

    /** Completes the {@link #moveToSfu} callers waiting on a room (outside its lock: they go on at once). */
    private static void settle(RoomMedia media, boolean onSfu) {
        List<Promise<Boolean>> waiting;
        synchronized (media) {
            waiting = List.copyOf(media.sfuWaiters);
            media.sfuWaiters.clear();
        }
        waiting.forEach(p -> p.tryComplete(onSfu));
    }

    /** Sends a switch's prepare to a participant once (its welcome and the room's event may both carry it). */
    private void tellPrepare(Participant participant, ModeState prepared) {
        RoomMedia media = known.get(participant.room());
        if (media != null) {
            synchronized (media) {
                media.preparedFor.keySet().removeIf(id -> rooms.participant(id) == null);
                Long before = media.preparedFor.put(participant.id(), prepared.epoch());
                if (before != null && before == prepared.epoch()) {
                    return;
                }
            }
        }
        participant.deliver(modeFrame(prepared.target(), "prepare", prepared.reason()));
    }

    private String modeFrame(String mode, String phase, String reason) {
        ObjectNode frame = messages.object("media-mode").put("mode", mode).put("phase", phase);
        if (reason != null && !reason.isEmpty()) {
            frame.put("reason", reason);
        }
        return frame.toString();
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void cancel(long timer) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
