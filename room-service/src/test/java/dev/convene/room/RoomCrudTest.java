package dev.convene.room;

import static dev.convene.room.support.Api.as;
import static dev.convene.room.support.Api.createRoom;
import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convene.room.entity.Room;
import dev.convene.room.support.AccessTokens;
import dev.convene.room.support.AccessTokens.TestUser;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Creating, reading, changing and deleting rooms, and who may do it. */
@QuarkusTest
class RoomCrudTest {

    final TestUser owner = AccessTokens.user("Olivia Owner");

    @Test
    void createWithDefaultsGivesAnOpenRoomWithAnUnguessableSlug() {
        as(owner).body(Map.of("name", "  Weekly sync  ")).post("/api/rooms")
                .then().statusCode(201)
                .header("Location", containsString("/api/rooms/"))
                .body("slug", matchesPattern("[a-z]{3}-[a-z]{4}-[a-z]{3}"))
                .body("name", equalTo("Weekly sync"))
                .body("mediaMode", equalTo("AUTO"))
                .body("maxParticipants", equalTo(50))
                .body("guestsAllowed", equalTo(true))
                .body("lobbyEnabled", equalTo(false))
                .body("passcodeRequired", equalTo(false))
                .body("state", equalTo("open"))
                .body("locked", equalTo(false))
                .body("ownerId", equalTo(owner.id().toString()))
                .body("ownerName", equalTo("Olivia Owner"));
    }

    @Test
    void createWithEverySetting() {
        String slug = createRoom(owner, Map.of("name", "Board", "passcode", "s3cret-pass", "mediaMode", "SFU",
                "maxParticipants", 120, "guestsAllowed", false, "lobbyEnabled", true,
                "scheduledStart", "2031-05-04T09:30:00Z"));
        as(owner).get("/api/rooms/{slug}/settings", slug).then().statusCode(200)
                .body("mediaMode", equalTo("SFU"))
                .body("maxParticipants", equalTo(120))
                .body("guestsAllowed", equalTo(false))
                .body("lobbyEnabled", equalTo(true))
                .body("passcodeRequired", equalTo(true))
                .body("scheduledStart", equalTo("2031-05-04T09:30:00Z"));
    }

    @Test
    void passcodeIsStoredOnlyAsABcryptHash() {
        String slug = createRoom(owner, Map.of("passcode", "open-sesame"));
        Room stored = QuarkusTransaction.requiringNew().call(() -> Room.findBySlug(slug).orElseThrow());
        assertTrue(stored.passcodeHash.startsWith("$2"), "bcrypt hash");
        assertNotEquals("open-sesame", stored.passcodeHash);
        assertTrue(BcryptUtil.matches("open-sesame", stored.passcodeHash));
    }

    @Test
    void slugsAreDistinct() {
        Set<String> slugs = new HashSet<>();
        for (int i = 0; i < 15; i++) {
            slugs.add(createRoom(owner));
        }
        assertEquals(15, slugs.size());
    }

    @Test
    void publicViewShowsOnlyWhatAJoinerNeeds() {
        String slug = createRoom(owner, Map.of("name", "Public face", "passcode", "1234", "lobbyEnabled", true));
        given().accept(ContentType.JSON).get("/api/rooms/{slug}", slug).then().statusCode(200)
                .body("slug", equalTo(slug))
                .body("name", equalTo("Public face"))
                .body("passcodeRequired", equalTo(true))
                .body("lobbyEnabled", equalTo(true))
                .body("state", equalTo("open"))
                .body("$", not(hasKey("ownerId")))
                .body("$", not(hasKey("ownerName")))
                .body("$", not(hasKey("passcodeHash")))
                .body("$", not(hasKey("maxParticipants")))
                .body(not(containsString("olivia")));
    }

    @Test
    void unknownOrMalformedSlugIsRoomNotFound() {
        for (String slug : List.of("zzz-zzzz-zzz", "not-a-slug", "ABC-DEFG-HIJ", "x".repeat(300))) {
            given().accept(ContentType.JSON).get("/api/rooms/{slug}", slug).then().statusCode(404)
                    .body("code", equalTo("room_not_found"));
            as(owner).post("/api/rooms/{slug}/join", slug).then().statusCode(404).body("code", equalTo("room_not_found"));
        }
    }

    @Test
    void listMineHasOnlyMyRoomsNewestFirst() {
        TestUser me = AccessTokens.user("Lister");
        String first = createRoom(me);
        String second = createRoom(me);
        createRoom(AccessTokens.user("Somebody else"));
        List<String> slugs = as(me).get("/api/rooms").then().statusCode(200).extract().path("slug");
        assertEquals(List.of(second, first), slugs);
    }

    @Test
    void ownerUpdatesWithMergePatchSemantics() {
        String slug = createRoom(owner, Map.of("name", "Before", "passcode", "first-code", "scheduledStart",
                "2030-01-01T10:00:00Z"));
        as(owner).body(Map.of("name", "After", "maxParticipants", 8, "mediaMode", "P2P")).patch("/api/rooms/{slug}", slug)
                .then().statusCode(200)
                .body("name", equalTo("After"))
                .body("maxParticipants", equalTo(8))
                .body("mediaMode", equalTo("P2P"))
                .body("passcodeRequired", equalTo(true))
                .body("scheduledStart", equalTo("2030-01-01T10:00:00Z"));
        // explicit nulls clear the two optional settings
        as(owner).body("{\"passcode\":null,\"scheduledStart\":null}").patch("/api/rooms/{slug}", slug)
                .then().statusCode(200)
                .body("passcodeRequired", equalTo(false))
                .body("scheduledStart", nullValue())
                .body("name", equalTo("After"));
    }

    @Test
    void onlyHostsUpdateAndOnlyTheOwnerDeletes() {
        String slug = createRoom(owner);
        TestUser stranger = AccessTokens.user("Stranger");
        as(stranger).body(Map.of("name", "Mine now")).patch("/api/rooms/{slug}", slug)
                .then().statusCode(403).body("code", equalTo("not_host"));
        as(stranger).get("/api/rooms/{slug}/settings", slug).then().statusCode(403).body("code", equalTo("not_host"));
        as(stranger).delete("/api/rooms/{slug}", slug).then().statusCode(403).body("code", equalTo("not_owner"));

        as(owner).delete("/api/rooms/{slug}", slug).then().statusCode(204);
        given().get("/api/rooms/{slug}", slug).then().statusCode(404).body("code", equalTo("room_not_found"));
    }

    @Test
    void guestsCannotCreateRooms() {
        TestUser guest = AccessTokens.guest("Gus Guest");
        as(guest).body(Map.of("name", "Guest room")).post("/api/rooms")
                .then().statusCode(403).body("code", equalTo("forbidden"));
        as(guest).get("/api/rooms").then().statusCode(403).body("code", equalTo("forbidden"));
    }

    @Test
    void missingInvalidOrExpiredAccessTokensAreRefusedWithJson() {
        Map<String, String> body = Map.of("name", "No entry");
        given().contentType(ContentType.JSON).body(body).post("/api/rooms")
                .then().statusCode(401).header("WWW-Authenticate", "Bearer").body("code", equalTo("unauthorized"));
        for (String token : List.of(owner.expiredToken(), owner.forgedToken(), owner.tokenFromOtherIssuer(),
                "not.a.jwt")) {
            given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body(body)
                    .post("/api/rooms")
                    .then().statusCode(401).body("code", equalTo("unauthorized"));
        }
        String slug = createRoom(owner);
        given().header("Authorization", "Bearer " + owner.expiredToken()).contentType(ContentType.JSON)
                .post("/api/rooms/{slug}/join", slug)
                .then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void badBodiesAreClientErrorsNeverServerErrors() {
        as(owner).body("{\"name\": \"unterminated").post("/api/rooms")
                .then().statusCode(400).body("code", equalTo("malformed_request"));
        as(owner).body("{\"name\":\"x\",\"maxParticipants\":\"many\"}").post("/api/rooms")
                .then().statusCode(400).body("code", equalTo("malformed_request"));
        as(owner).body("{\"name\":\"x\",\"mediaMode\":\"HOLOGRAM\"}").post("/api/rooms")
                .then().statusCode(400).body("code", equalTo("malformed_request"));
        as(owner).body("[1,2,3]").post("/api/rooms")
                .then().statusCode(400).body("code", equalTo("malformed_request"));
        as(owner).post("/api/rooms")
                .then().statusCode(400).body("code", equalTo("validation_failed"));

        as(owner).body(Map.of("name", "n".repeat(101))).post("/api/rooms")
                .then().statusCode(400).body("code", equalTo("validation_failed")).body("fields", hasKey("name"));
        as(owner).body(Map.of("name", "   ")).post("/api/rooms")
                .then().statusCode(400).body("fields", hasKey("name"));
        as(owner).body(Map.of("name", "line\nbreak")).post("/api/rooms")
                .then().statusCode(400).body("fields", hasKey("name"));
        as(owner).body(Map.of("name", "ok", "passcode", "123")).post("/api/rooms")
                .then().statusCode(400).body("fields", hasKey("passcode"));
        as(owner).body(Map.of("name", "ok", "maxParticipants", 1)).post("/api/rooms")
                .then().statusCode(400).body("fields", hasKey("maxParticipants"));
        as(owner).body(Map.of("name", "ok", "maxParticipants", 501)).post("/api/rooms")
                .then().statusCode(400).body("fields", hasKey("maxParticipants"));

        String slug = createRoom(owner);
        as(owner).body(Map.of("name", "")).patch("/api/rooms/{slug}", slug)
                .then().statusCode(400).body("fields", hasKey("name"));
        as(owner).body("{\"guestsAllowed\":\"perhaps\"}").patch("/api/rooms/{slug}", slug)
                .then().statusCode(400).body("code", equalTo("malformed_request"));
        as(owner).body("{\"passcode\": 5").post("/api/rooms/{slug}/join", slug)
                .then().statusCode(400).body("code", equalTo("malformed_request"));
    }

    @Test
    void exactlyOneHundredCharactersIsAValidName() {
        as(owner).body(Map.of("name", "n".repeat(100))).post("/api/rooms")
                .then().statusCode(201).body("name", equalTo("n".repeat(100))).body("slug", notNullValue());
        List<String> names = as(owner).get("/api/rooms").then().extract().path("name");
        assertThat(names, hasItem("n".repeat(100)));
    }
}
