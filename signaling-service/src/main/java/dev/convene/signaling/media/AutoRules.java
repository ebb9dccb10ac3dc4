package dev.convene.signaling.media;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.function.Predicate;

/**
 * The AUTO media-mode rules as pure functions (docs/sfu.md, "The AUTO decision"), so they can be
 * read and tested apart from Redis, timers and replicas ({@link MediaModes} applies them).
 */
final class AutoRules {

    /** What the rules see of a meeting right now. {@code shrunkSince}: when it first became small enough to leave the SFU (0: not). */
    record Situation(ModeState state, int participants, boolean sfuAvailable, Predicate<String> present, long now,
            long shrunkSince) {
    }

    /**
     * The decision: {@code next} the transition to try (null: none); {@code shrunkSince} to remember;
     * {@code recheckAt} when to evaluate again for a pending back-to-P2P (0: no need).
     */
    record Decision(ModeState next, long shrunkSince, long recheckAt) {
        static Decision stay(long shrunkSince) {
            return new Decision(null, shrunkSince, 0);
        }
    }

    private final int threshold;
    private final long backToP2pDelayMs;
    private final int minAvailableKbps;
    private final double maxLossRate;

    AutoRules(int threshold, long backToP2pDelayMs, int minAvailableKbps, double maxLossRate) {
        this.threshold = threshold;
        this.backToP2pDelayMs = backToP2pDelayMs;
        this.minAvailableKbps = minAvailableKbps;
        this.maxLossRate = maxLossRate;
    }

    /** The size/availability rules; client reports (failed pairs, overload) come through {@link #requestSfu}. */
    Decision evaluate(Situation s) {
        ModeState state = s.state();
        if (state == null || !state.isAuto() || state.switching()) {
            return Decision.stay(s.shrunkSince());
        }
        if (ModeState.P2P.equals(state.mode())) {
            return s.participants() > threshold && s.sfuAvailable()
                    ? new Decision(state.prepare(ModeState.SFU, "participants", List.of(), s.now()), 0, 0)
                    : Decision.stay(0);
        }
        if (!s.sfuAvailable()) {
            return new Decision(state.prepare(ModeState.P2P, "sfu_unavailable", List.of(), s.now()), 0, 0);
        }
        boolean causeGone = state.sticky().isEmpty() || state.sticky().stream().anyMatch(id -> !s.present().test(id));
        if (s.participants() > threshold || !causeGone) {
            return Decision.stay(0);
        }
        long since = s.shrunkSince() == 0 ? s.now() : s.shrunkSince();
        long due = since + backToP2pDelayMs;
        return s.now() >= due
                ? new Decision(state.prepare(ModeState.P2P, "participants", List.of(), s.now()), 0, 0)
                : new Decision(null, since, due);
    }

    /**
     * True for a return to P2P because the room shrank, which a running server recording
     * postpones (Janus records only what it forwards). A lost SFU is not postponed: there is
     * nothing left to record with.
     */
    boolean postponedByRecording(ModeState next) {
        return next.switching() && ModeState.P2P.equals(next.target()) && "participants".equals(next.reason());
    }

    /** A switch to the SFU a client report (p2p_failed, uplink) or a server recording asks for, or null when it does not apply. */
    ModeState requestSfu(ModeState state, boolean sfuAvailable, String reason, List<String> sticky, long now) {
        if (state == null || !state.isAuto() || state.switching() || !ModeState.P2P.equals(state.mode()) || !sfuAvailable) {
            return null;
        }
        return state.prepare(ModeState.SFU, reason, sticky, now);
    }

    /**
     * The room's mediaMode setting changed during the meeting: the meeting follows it at once,
     * switching make-before-break where the new setting fixes the other transport (reason
     * {@code setting}; to the SFU only while a Janus is up). To AUTO nothing switches here: the
     * rules decide at the next evaluation. Null when the setting is the same.
     */
    ModeState settingChanged(ModeState state, String setting, boolean sfuAvailable, long now) {
        String wanted = ModeState.normalisedSetting(setting);
        if (state == null || wanted.equals(state.setting())) {
            return null;
        }
        ModeState next = state.withSetting(wanted);
        String heading = state.switching() ? state.target() : state.mode();
        if ("SFU".equals(wanted) && ModeState.P2P.equals(heading) && sfuAvailable) {
            return next.prepare(ModeState.SFU, "setting", List.of(), now);
        }
        if ("P2P".equals(wanted) && ModeState.SFU.equals(heading)) {
            return next.prepare(ModeState.P2P, "setting", List.of(), now);
        }
        return next;
    }

    /**
     * No Janus can serve the meeting any more: an AUTO meeting on (or switching to) the SFU goes
     * back to the mesh (a prepare back to P2P also aborts a switch to the SFU); else null.
     */
    ModeState sfuLost(ModeState state, long now) {
        if (state == null || !state.isAuto()) {
            return null;
        }
        boolean onSfu = ModeState.SFU.equals(state.mode()) && !state.switching();
        return onSfu || ModeState.SFU.equals(state.target()) ? state.prepare(ModeState.P2P, "sfu_unavailable", List.of(), now) : null;
    }

    /** One media-stats report of an overloaded sender: too much loss, or a weak uplink estimate with several links. */
    boolean overloaded(JsonNode stats) {
        return stats.path("lossRate").asDouble(0) >= maxLossRate
                || stats.path("peers").asInt() >= 2 && stats.has("availableKbps") && stats.get("availableKbps").asInt() < minAvailableKbps;
    }
}
