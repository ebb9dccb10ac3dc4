package dev.convene.signaling.recording;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convene.signaling.support.AccessTokens;
import dev.convene.signaling.support.RoomTokens;
import dev.convene.signaling.support.Rooms;
import dev.convene.signaling.support.SignalingClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The admin recordings API (docs/recording.md "Admin API") on a real folder and real Redis; no Janus needed. */
@QuarkusTest
@TestProfile(AdminRecordingTest.WithRecordingFolders.class)
class AdminRecordingTest {

    static final Path DIR = Path.of("target/admin-recordings-" + UUID.randomUUID()).toAbsolutePath();

    public static class WithRecordingFolders implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("convene.sfu.recording-dir", DIR.resolve("janus").toString(),
                    "convene.recording.dir", DIR.resolve("processed").toString());
        }
    }

    @TestHTTPResource("/")
    URI base;
    @Inject
    RecordingService recordings;
    @Inject
    ObjectMapper json;

    private final String admin = AccessTokens.admin(UUID.randomUUID().toString());

    /** A processed recording on disk, as post-processing leaves it. */
    private String stored(String room, long startedAt, String state, long... sizes) throws Exception {
        String id = UUID.randomUUID().toString();
        ObjectNode meta = json.createObjectNode().put("recordingId", id).put("room", room).put("by", "u-host").put("byName", "Hana")
                .put("startedAt", startedAt).put("stoppedAt", startedAt + 60_000).put("state", state);
        var files = meta.putArray("files");
        for (long size : sizes) {
            files.addObject().put("name", UUID.randomUUID() + ".webm").put("size", size).put("contentType", "video/webm");
        }
        recordings.store().save(room, id, meta);
        return id;
    }

    @Test
    void onlyAdministratorsGetIn() {
        given().get(base.resolve("/ws/admin/recordings")).then().statusCode(401).header("WWW-Authenticate", "Bearer")
                .body("code", equalTo("unauthorized"));
        given().auth().oauth2(AccessTokens.user("u-1")).get(base.resolve("/ws/admin/recordings")).then().statusCode(403)
                .body("code", equalTo("forbidden"));
        String roomToken = RoomTokens.host(Rooms.slug(), "u-2", "Hana"); // another issuer and key
        given().auth().oauth2(roomToken).get(base.resolve("/ws/admin/recordings")).then().statusCode(401);
        given().auth().oauth2(AccessTokens.user("u-1")).delete(base.resolve("/ws/admin/recordings/abc-defg-hij/" + UUID.randomUUID()))
                .then().statusCode(403);
    }

    @Test
    void listsEveryRoomsRecordingsNewestFirstAPageAtATime() throws Exception {
        String a = Rooms.slug();
        String b = Rooms.slug();
        long t = 1_800_000_000_000L + (long) (Math.random() * 1e9);
        String oldest = stored(a, t, "ready", 1000, 500);
        String newest = stored(b, t + 2000, "ready", 42);
        String middle = stored(a, t + 1000, "failed");

        Response all = given().auth().oauth2(admin).get(base.resolve("/ws/admin/recordings?size=100"));
        all.then().statusCode(200).header("Cache-Control", "no-store");
        List<String> ids = all.path("recordings.recordingId");
        assertTrue(ids.indexOf(newest) < ids.indexOf(middle) && ids.indexOf(middle) < ids.indexOf(oldest), "newest first: " + ids);
        assertEquals((int) all.path("total"), ids.size());

        Response roomA = given().auth().oauth2(admin).queryParam("room", a).get(base.resolve("/ws/admin/recordings"));
        roomA.then().statusCode(200).body("total", equalTo(2)).body("size", equalTo(20)).body("page", equalTo(0))
                .body("recordings.recordingId", equalTo(List.of(middle, oldest)))
                .body("recordings.room", equalTo(List.of(a, a)))
                .body("recordings.bytes", equalTo(List.of(0, 1500)))
                .body("recordings.state", equalTo(List.of("failed", "ready")));
        given().auth().oauth2(admin).queryParam("room", a).queryParam("size", 1).queryParam("page", 1)
                .get(base.resolve("/ws/admin/recordings"))
                .then().statusCode(200).body("total", equalTo(2)).body("recordings.recordingId", equalTo(List.of(oldest)));

        for (String bad : List.of("size=0", "size=101", "page=-1", "page=x", "room=..%2Fetc")) {
            given().auth().oauth2(admin).get(base.resolve("/ws/admin/recordings?" + bad))
                    .then().statusCode(400).body("code", equalTo("validation_failed"));
        }
    }

    @Test
    void anAdministratorDeletesARecordingAndTheRoomsHostsAreTold() throws Exception {
        String room = Rooms.slug();
        String id = stored(room, System.currentTimeMillis(), "ready", 10);
        String busy = stored(room, System.currentTimeMillis(), "processing");
        String adminId = UUID.randomUUID().toString();
        try (SignalingClient host = SignalingClient.join(base, room, RoomTokens.host(room, Rooms.user(), "Hana"))) {
            host.next("welcome");
            given().auth().oauth2(AccessTokens.admin(adminId)).delete(base.resolve("/ws/admin/recordings/" + room + "/" + id))
                    .then().statusCode(204);
            var deleted = host.next("recording.deleted");
            assertEquals(id, deleted.at("/payload/recordingId").asText());
            assertEquals(adminId, deleted.at("/payload/by").asText());
        }
        assertFalse(Files.exists(recordings.store().folder(room, id)), "the files are gone");
        given().auth().oauth2(admin).delete(base.resolve("/ws/admin/recordings/" + room + "/" + id))
                .then().statusCode(404).body("code", equalTo("not_found"));
        given().auth().oauth2(admin).delete(base.resolve("/ws/admin/recordings/" + room + "/" + busy))
                .then().statusCode(409).body("code", equalTo("recording_processing"));
        assertTrue(Files.exists(recordings.store().folder(room, busy)), "a recording being processed is kept");
        given().auth().oauth2(admin).delete(base.resolve("/ws/admin/recordings/not..a-room/" + id)).then().statusCode(404);
        given().auth().oauth2(admin).delete(base.resolve("/ws/admin/recordings/" + room + "/not-an-id")).then().statusCode(404);
    }
}
