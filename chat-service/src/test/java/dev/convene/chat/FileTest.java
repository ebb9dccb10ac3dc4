package dev.convene.chat;

import static dev.convene.chat.support.Chat.as;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convene.chat.support.Chat;
import dev.convene.chat.support.Rooms;
import dev.convene.chat.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Upload and download: round trip, ranges, limits, room checks, hostile names, safe headers. */
@QuarkusTest
class FileTest {

    static final String UPLOAD = "/api/chat/rooms/{room}/files";
    static final String DOWNLOAD = "/api/chat/files/{id}";
    /** the %test limit (convene.chat.files.max-size=2M) */
    static final int MAX = 2 * 1024 * 1024;

    @TestHTTPResource("/")
    URL base;

    String room;
    String token;

    @BeforeEach
    void room() {
        room = Rooms.fresh();
        token = Tokens.participant(room, Tokens.user());
    }

    Response upload(String name, byte[] content) {
        return as(token).header("X-File-Name", encode(name)).contentType("application/octet-stream").body(content)
                .post(UPLOAD, room);
    }

    static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static byte[] png(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        System.arraycopy(magic, 0, bytes, 0, magic.length);
        return bytes;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void uploadedFileIsAChatMessageAndDownloadsIdenticallyWithRanges() throws Exception {
        byte[] content = png(MAX - 1000);
        String sha = sha256(content);
        Response uploaded = upload("photo 📷.png", content);
        uploaded.then().statusCode(201)
                .body("seq", equalTo(1))
                .body("text", equalTo(null))
                .body("attachment.name", equalTo("photo 📷.png"))
                .body("attachment.size", equalTo(content.length))
                .body("attachment.contentType", equalTo("image/png"))
                .body("attachment.sha256", equalTo(sha));
        String fileId = uploaded.path("attachment.fileId");
        Chat.history(token, room, "").then().body("messages[0].attachment.fileId", equalTo(fileId));

        String reader = Tokens.participant(room, Tokens.user()); // any member of the room
        Response download = as(reader).get(DOWNLOAD, fileId);
        download.then().statusCode(200)
                .header("Content-Type", "image/png")
                .header("Content-Length", String.valueOf(content.length))
                .header("Content-Disposition", "attachment; filename=\"photo _.png\"; filename*=UTF-8''photo%20%F0%9F%93%B7.png")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox")
                .header("Accept-Ranges", "bytes")
                .header("ETag", "\"" + sha + "\"");
        assertEquals(sha, sha256(download.asByteArray()), "checksum of the download equals the upload's");

        Response part = as(reader).header("Range", "bytes=100000-100099").get(DOWNLOAD, fileId);
        part.then().statusCode(206).header("Content-Range", "bytes 100000-100099/" + content.length)
                .header("Content-Length", "100");
        assertArrayEquals(Arrays.copyOfRange(content, 100000, 100100), part.asByteArray());
        Response tail = as(reader).header("Range", "bytes=-10").get(DOWNLOAD, fileId);
        tail.then().statusCode(206);
        assertArrayEquals(Arrays.copyOfRange(content, content.length - 10, content.length), tail.asByteArray());
        as(reader).header("Range", "bytes=" + content.length + "-").get(DOWNLOAD, fileId).then().statusCode(416)
                .header("Content-Range", "bytes */" + content.length).body("code", equalTo("range_not_satisfiable"));
        as(reader).header("If-None-Match", "\"" + sha + "\"").get(DOWNLOAD, fileId).then().statusCode(304);
    }

    @Test
    void oversizedUploadsAre413AndLeaveNothing() throws Exception {
        // declared too large: refused before the body is read
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> declared = client.send(uploadRequest()
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[MAX + 1])).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, declared.statusCode());
        assertThat(declared.body(), containsString("payload_too_large"));

        // streamed without a length: counted while streaming
        HttpResponse<String> streamed = client.send(uploadRequest()
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[MAX + 64 * 1024])))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, streamed.statusCode());
        assertThat(streamed.body(), containsString("payload_too_large"));

        Chat.history(token, room, "").then().body("messages.size()", equalTo(0)).body("lastSeq", equalTo(0));
        upload("exactly-the-limit.bin", new byte[MAX]).then().statusCode(201).body("seq", equalTo(1));
        upload("empty.txt", new byte[0]).then().statusCode(400).body("code", equalTo("validation_failed"));
    }

    HttpRequest.Builder uploadRequest() {
        return HttpRequest.newBuilder(URI.create(base + "api/chat/rooms/" + room + "/files"))
                .header("Authorization", "Bearer " + token).header("X-File-Name", "big.bin");
    }

    @Test
    void onlyMembersOfTheFilesRoomDownload() {
        String fileId = upload("notes.txt", "hello".getBytes(StandardCharsets.UTF_8)).then().statusCode(201)
                .extract().path("attachment.fileId");
        as(Tokens.participant(Rooms.fresh(), Tokens.user())).get(DOWNLOAD, fileId).then().statusCode(403)
                .body("code", equalTo("wrong_room"));
        io.restassured.RestAssured.given().get(DOWNLOAD, fileId).then().statusCode(401);
        as(Tokens.participant(room, Tokens.user())).get(DOWNLOAD, "5b0d7c1e-0000-4000-8000-000000000000")
                .then().statusCode(404).body("code", equalTo("file_not_found"));
        as(Tokens.participant(room, Tokens.user())).get(DOWNLOAD, "../../etc/passwd").then().statusCode(404);
        // uploading needs the files grant (guests do not get it)
        as(Tokens.room(room, Tokens.user(), "participant", List.of("chat")).claim("guest", true).sign())
                .header("X-File-Name", "x.txt").body("x".getBytes()).post(UPLOAD, room)
                .then().statusCode(403).body("code", equalTo("missing_grant"));
        // a file of a deleted message is gone
        String messageId = Chat.history(token, room, "").then().extract().path("messages[0].id");
        as(token).delete("/api/chat/rooms/{room}/messages/{id}", room, messageId).then().statusCode(200)
                .body("attachment", equalTo(null));
        as(token).get(DOWNLOAD, fileId).then().statusCode(404);
    }

    @Test
    void hostileNamesAreStoredHarmlessly() {
        byte[] text = "hi".getBytes(StandardCharsets.UTF_8);
        upload("../../etc/passwd", text).then().statusCode(201).body("attachment.name", equalTo("passwd"));
        upload("..\\..\\windows\\system32\\cmd.exe", text).then().statusCode(201).body("attachment.name", equalTo("cmd.exe"));
        upload("..", text).then().statusCode(201).body("attachment.name", equalTo("file"));
        upload("invoice\u202Egnp.exe", text).then().statusCode(201).body("attachment.name", equalTo("invoicegnp.exe"));
        upload("tab\tnew\nline\u0000nul\u001b[31m.txt", text).then().statusCode(201)
                .body("attachment.name", equalTo("tabnewlinenul[31m.txt"));
        upload("<b>what?</b>.html", text).then().statusCode(201) // "/" ends a path segment
                .body("attachment.name", equalTo("b_.html"));
        upload("report: \"final\" <v2>?.txt", text).then().statusCode(201)
                .body("attachment.name", equalTo("report_ _final_ _v2__.txt"));
        String longName = "a".repeat(10_240) + ".pdf";
        String stored = upload(longName, text).then().statusCode(201).extract().path("attachment.name");
        assertThat(stored.getBytes(StandardCharsets.UTF_8).length, lessThanOrEqualTo(255));
        assertThat(stored, org.hamcrest.Matchers.endsWith(".pdf"));
        String fileId = as(token).body(text).post(UPLOAD, room).then().statusCode(201) // no name at all
                .body("attachment.name", equalTo("file")).extract().path("attachment.fileId");
        as(token).get(DOWNLOAD, fileId).then().statusCode(200)
                .header("Content-Disposition", not(containsString("/")));
    }

    @Test
    void contentTypeIsSniffedAndRiskyTypesAreServedAsOctetStream() {
        byte[] html = "<!DOCTYPE html><html><script>alert(document.cookie)</script></html>".getBytes(StandardCharsets.UTF_8);
        Response uploaded = as(token).header("X-File-Name", "cat.png").contentType("image/png").body(html).post(UPLOAD, room);
        uploaded.then().statusCode(201).body("attachment.contentType", equalTo("text/html"));
        as(token).get(DOWNLOAD, (String) uploaded.path("attachment.fileId")).then().statusCode(200)
                .header("Content-Type", "application/octet-stream")
                .header("Content-Security-Policy", "sandbox");
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".getBytes(StandardCharsets.UTF_8);
        Response svgUpload = upload("logo.svg", svg);
        svgUpload.then().statusCode(201).body("attachment.contentType", equalTo("image/svg+xml"));
        as(token).get(DOWNLOAD, (String) svgUpload.path("attachment.fileId")).then()
                .header("Content-Type", "application/octet-stream");
        Response note = upload("note.txt", "plain ✓ text".getBytes(StandardCharsets.UTF_8));
        note.then().body("attachment.contentType", equalTo("text/plain; charset=utf-8"));
    }

    @Test
    void anUploadWithAClientIdIsIdempotent() {
        byte[] content = png(5000);
        Response first = as(token).header("X-File-Name", "a.png").header("X-Client-Id", "upload-0001").body(content)
                .post(UPLOAD, room);
        first.then().statusCode(201);
        as(token).header("X-File-Name", "a.png").header("X-Client-Id", "upload-0001").body(content).post(UPLOAD, room)
                .then().statusCode(200).body("id", equalTo(first.path("id")))
                .body("attachment.fileId", equalTo(first.path("attachment.fileId")));
        as(token).header("X-File-Name", "a.png").header("X-Client-Id", "upload-0001").body(png(4000)).post(UPLOAD, room)
                .then().statusCode(409).body("code", equalTo("client_id_conflict"));
        Chat.history(token, room, "").then().body("messages.size()", equalTo(1));
    }
}
