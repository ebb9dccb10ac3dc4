package dev.convene.signaling.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The AUTO rules (threshold 4, back to P2P after 5 s, overload: loss ≥ 0.08 or < 250 kbit/s with ≥ 2 links). */
class AutoRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final AutoRules rules = new AutoRules(4, 5000, 250, 0.08);
    private static final long NOW = 1_000_000;

    private static ModeState p2p() {
        return ModeState.initial("AUTO", 0, 7);
    }

    private static ModeState sfu(String reason, List<String> sticky) {
        return new ModeState("sfu", null, "AUTO", 9, reason, 0, sticky);
    }

    private AutoRules.Decision evaluate(ModeState state, int participants, boolean sfuUp, Set<String> present, long shrunkSince) {
        return rules.evaluate(new AutoRules.Situation(state, participants, sfuUp, present::contains, NOW, shrunkSince));
    }

    @Test
    void aMeshGoesToTheSfuAboveTheThresholdOnlyIfAJanusIsUp() {
        assertNull(evaluate(p2p(), 4, true, Set.of(), 0).next());
        ModeState next = evaluate(p2p(), 5, true, Set.of(), 0).next();
        assertEquals("p2p", next.mode());
        assertEquals("sfu", next.target());
        assertEquals("participants", next.reason());
        assertEquals(8, next.epoch());
        assertNull(evaluate(p2p(), 9, false, Set.of(), 0).next(), "no SFU: stay in the mesh");
    }

    @Test
    void aShrunkMeetingWaitsTheDelayBeforeGoingBack() {
        AutoRules.Decision first = evaluate(sfu("participants", List.of()), 4, true, Set.of(), 0);
        assertNull(first.next());
        assertEquals(NOW, first.shrunkSince());
        assertEquals(NOW + 5000, first.recheckAt());
        AutoRules.Decision early = evaluate(sfu("participants", List.of()), 3, true, Set.of(), NOW - 4999);
        assertNull(early.next());
        assertEquals(NOW + 1, early.recheckAt());
        ModeState back = evaluate(sfu("participants", List.of()), 3, true, Set.of(), NOW - 5000).next();
        assertEquals("p2p", back.target());
        AutoRules.Decision grewAgain = evaluate(sfu("participants", List.of()), 5, true, Set.of(), NOW - 4000);
        assertNull(grewAgain.next());
        assertEquals(0, grewAgain.shrunkSince(), "growing again resets the wait");
    }

    @Test
    void aRecordingPostponesOnlyTheReturnOfAShrunkMeeting() {
        ModeState back = evaluate(sfu("recording", List.of()), 2, true, Set.of(), NOW - 5000).next();
        assertTrue(rules.postponedByRecording(back), "a meeting moved to the SFU to record it returns like any other");
        ModeState sfuLost = evaluate(sfu("recording", List.of()), 2, false, Set.of(), 0).next();
        assertEquals("sfu_unavailable", sfuLost.reason());
        assertFalse(rules.postponedByRecording(sfuLost), "no Janus: nothing records any more");
        ModeState toSfu = evaluate(p2p(), 5, true, Set.of(), 0).next();
        assertFalse(rules.postponedByRecording(toSfu));
        assertFalse(rules.postponedByRecording(toSfu.commit(NOW)));
        ModeState forRecording = rules.requestSfu(p2p(), true, "recording", List.of(), NOW);
        assertEquals("sfu", forRecording.target());
        assertEquals("recording", forRecording.reason());
        assertTrue(forRecording.sticky().isEmpty(), "no participant holds it: the recording does, while it runs");
    }

    @Test
    void aChangedSettingSwitchesToWhatItFixesAndOnlyRecordsItOtherwise() {
        ModeState toSfu = rules.settingChanged(p2p(), "SFU", true, NOW);
        assertEquals("SFU", toSfu.setting());
        assertEquals("sfu", toSfu.target());
        assertEquals("setting", toSfu.reason());
        assertFalse(toSfu.isAuto(), "fixed from now on: the size rules leave it alone");
        ModeState noJanus = rules.settingChanged(p2p(), "SFU", false, NOW);
        assertEquals("SFU", noJanus.setting());
        assertFalse(noJanus.switching(), "no Janus up: the setting is kept, the mesh too");
        ModeState toP2p = rules.settingChanged(sfu("participants", List.of()), "P2P", true, NOW);
        assertEquals("p2p", toP2p.target());
        ModeState toAuto = rules.settingChanged(sfu("participants", List.of()).withSetting("SFU"), "AUTO", true, NOW);
        assertTrue(toAuto.isAuto());
        assertFalse(toAuto.switching(), "AUTO: the rules decide at the next evaluation");
        ModeState switchingToSfu = p2p().prepare("sfu", "participants", List.of(), NOW);
        assertEquals("p2p", rules.settingChanged(switchingToSfu, "P2P", true, NOW).target(), "a switch under way turns back");
        assertNull(rules.settingChanged(p2p(), "AUTO", true, NOW), "unchanged");
        assertNull(rules.settingChanged(p2p(), "bogus", true, NOW), "unknown values count as AUTO, as for a new meeting");
    }

    @Test
    void aFailedPairOrAnOverloadedSenderKeepsTheSfuWhileTheyArePresent() {
        ModeState failedPair = sfu("p2p_failed", List.of("a", "b"));
        assertNull(evaluate(failedPair, 2, true, Set.of("a", "b"), NOW - 60_000).next());
        assertEquals("p2p", evaluate(failedPair, 2, true, Set.of("a", "c"), NOW - 5000).next().target(), "b left");
    }

    @Test
    void withoutAJanusAnSfuMeetingGoesBackAtOnce() {
        ModeState next = evaluate(sfu("participants", List.of()), 8, false, Set.of(), 0).next();
        assertEquals("p2p", next.target());
        assertEquals("sfu_unavailable", next.reason());
    }

    @Test
    void losingTheSfuSendsAnAutoMeetingBackToTheMeshOrAbortsItsSwitch() {
        assertEquals("sfu_unavailable", rules.sfuLost(sfu("participants", List.of()), NOW).reason());
        ModeState aborted = rules.sfuLost(p2p().prepare("sfu", "participants", List.of(), 0), NOW);
        assertEquals("p2p", aborted.mode());
        assertEquals("p2p", aborted.target(), "a prepare back to the mode in force aborts the switch");
        assertNull(rules.sfuLost(p2p(), NOW), "already in the mesh");
        assertNull(rules.sfuLost(ModeState.initial("SFU", 0, 1), NOW), "fixed to SFU: waits for a Janus");
        assertNull(rules.sfuLost(null, NOW));
    }

    @Test
    void fixedMeetingsAndSwitchesInProgressAreLeftAlone() {
        assertNull(evaluate(ModeState.initial("P2P", 0, 1), 20, true, Set.of(), 0).next());
        assertNull(evaluate(ModeState.initial("SFU", 0, 1), 1, false, Set.of(), 0).next());
        ModeState preparing = p2p().prepare("sfu", "participants", List.of(), 0);
        assertNull(evaluate(preparing, 9, true, Set.of(), 0).next());
        assertNull(rules.requestSfu(preparing, true, "p2p_failed", List.of("a", "b"), NOW));
    }

    @Test
    void clientReportsMoveOnlyAnAutoMeshWithAJanusUp() {
        ModeState next = rules.requestSfu(p2p(), true, "uplink", List.of("a"), NOW);
        assertEquals("sfu", next.target());
        assertEquals(List.of("a"), next.sticky());
        assertNull(rules.requestSfu(p2p(), false, "uplink", List.of("a"), NOW));
        assertNull(rules.requestSfu(sfu("participants", List.of()), true, "uplink", List.of("a"), NOW));
        assertNull(rules.requestSfu(ModeState.initial("P2P", 0, 1), true, "p2p_failed", List.of("a", "b"), NOW));
    }

    @Test
    void overloadNeedsLossOrAWeakUplinkWithSeveralLinks() throws Exception {
        assertTrue(rules.overloaded(JSON.readTree("{\"peers\":1,\"sendKbps\":900,\"lossRate\":0.08}")));
        assertTrue(rules.overloaded(JSON.readTree("{\"peers\":3,\"sendKbps\":900,\"availableKbps\":200}")));
        assertFalse(rules.overloaded(JSON.readTree("{\"peers\":1,\"sendKbps\":900,\"availableKbps\":200}")));
        assertFalse(rules.overloaded(JSON.readTree("{\"peers\":3,\"sendKbps\":2400,\"availableKbps\":900,\"lossRate\":0.01}")));
    }

    @Test
    void theStoredTextIsDeterministicAndReadsBack() throws Exception {
        ModeState state = sfu("p2p_failed", List.of("a", "b")).prepare("p2p", "participants", List.of(), 42);
        String text = state.toJson(JSON);
        ModeState read = ModeState.fromJson(JSON.readTree(text));
        assertEquals(state, read);
        assertEquals(text, read.toJson(JSON), "the stored text is the compare-and-set version: it must not drift");
        assertNull(ModeState.fromJson(JSON.readTree("{\"mode\":\"mesh\",\"epoch\":1}")));
    }
}
