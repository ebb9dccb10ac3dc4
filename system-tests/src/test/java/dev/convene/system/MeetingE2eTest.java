package dev.convene.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Meeting end-to-end scenarios: real headless Chromium (fake camera, microphone and screen)
 * inside the cvn-e2e namespace, against the suite {@link ConveneSuite} started, driven through
 * the client's data-testid contract (docs/web-client.md). Each test runs one scenario of
 * {@code web-ui/client/e2e/meeting.mjs} via {@code scripts/e2e-env.sh exec} with a time limit
 * and fails with the scenario's step log. See docs/e2e-tests.md.
 */
@ExtendWith(ConveneSuite.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeetingE2eTest {

    /** Hard limit per scenario process; each scenario also limits itself (100-210 s). */
    private static final long SCENARIO_TIMEOUT_S = 240;

    @Test
    @Order(1)
    void twoPeopleSeeAndHearEachOtherAndSeeMuteState() throws Exception {
        runScenario("two-party");
        for (String png : List.of("meeting-desktop-1280x800.png", "meeting-phone-390x844.png")) {
            byte[] bytes = Files.readAllBytes(Scripts.artifactsDir().resolve(png));
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(bytes, 4), png + " is not a PNG");
        }
    }

    @Test
    @Order(2)
    void threePersonMeshWithScreenShareChatEmojiFileAndReload() throws Exception {
        runScenario("mesh-screen-chat");
    }

    @Test
    @Order(3)
    void hostLocksTheRoomAndRemovesAParticipant() throws Exception {
        runScenario("host-controls");
    }

    @Test
    @Order(4)
    void relayOnlyCallConnectsThroughCoturn() throws Exception {
        runScenario("relay");
    }

    @Test
    @Order(5)
    void threePeopleInAnSfuRoomDecodeEachOtherThroughJanus() throws Exception {
        runScenario("sfu-three");
    }

    @Test
    @Order(6)
    void autoRoomSwitchesToSfuAtFiveAndBackToP2pAtTwo() throws Exception {
        runScenario("auto-switch");
    }

    @Test
    @Order(7)
    void hostRecordsASmallAutoMeetingWhichMovesToTheSfuWhileRecorded() throws Exception {
        runScenario("record-auto");
    }

    /** Last: it kills a Janus (and starts it again at its end). */
    @Test
    @Order(8)
    void mediaResumesByItselfWhenTheMeetingsJanusIsKilled() throws Exception {
        runScenario("janus-failover");
    }

    private static void runScenario(String scenario) throws Exception {
        Path artifacts = Scripts.artifactsDir();
        Path output = Scripts.ROOT.resolve("system-tests/target/e2e/" + scenario + ".log");
        Scripts.Result result = Scripts.runCapturing(SCENARIO_TIMEOUT_S,
                Map.of("CONVENE_ARTIFACTS_DIR", artifacts.toString()), output,
                Scripts.e2eExec("node", "web-ui/client/e2e/meeting.mjs", scenario));
        if (result.timedOut()) {
            fail("e2e scenario " + scenario + " did not finish within " + SCENARIO_TIMEOUT_S + " s (killed); its output ("
                    + output + "):\n" + tail(result.output(), 120));
        }
        if (result.exitCode() != 0) {
            fail("e2e scenario " + scenario + " failed (exit " + result.exitCode() + "); screenshots in " + artifacts
                    + "; its output (" + output + "):\n" + tail(result.output(), 120));
        }
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
