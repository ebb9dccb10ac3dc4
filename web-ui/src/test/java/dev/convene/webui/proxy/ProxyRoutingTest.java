package dev.convene.webui.proxy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/** The one-origin proxy against real stand-in upstream servers (no mocks). */
@QuarkusTest
@WithTestResource(value = UpstreamStandIns.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ProxyRoutingTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    Vertx vertx;

    HttpClient http;
    WebSocketClient webSockets;

    @BeforeEach
    void clients() {
        http = vertx.createHttpClient();
        webSockets = vertx.createWebSocketClient();
    }

    @AfterEach
    void closeClients() throws Exception {
        await(http.close());
        await(webSockets.close());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/api/auth/login?next=%2Fm%2Fabc-defg-hij,                   auth-service",
            "/api/auth/jwks,                                               auth-service",
            "/api/admin/users,                                             auth-service",
            "/api/admin/users/42?page=2&size=10,                           auth-service",
            "/api/rooms/abc-defg-hij/join?passcode=1234,                   room-service",
            "/api/admin/rooms?state=open,                                  room-service",
            "/ws/status?probe=1,                                           signaling-service",
            "/ws/rooms/abc-defg-hij/recordings/0b6f8f54-2d5c-4f57-a1a8-2b8b6c3f8d21/p-1.webm, signaling-service",
            "/api/chat/rooms/abc-defg-hij/messages?after=17&limit=50,      chat-service",
            "/api/admin/chat/messages/9,                                   chat-service",
    })
    void eachPrefixReachesItsServiceWithPathAndQueryIntact(String uri, String service) {
        given().urlEncodingEnabled(false)
                .when().get(uri)
                .then().statusCode(200)
                .header("X-Stand-In", service)
                .body("service", equalTo(service))
                .body("method", equalTo("GET"))
                .body("uri", equalTo(uri));
    }

    @Test
    void postBodyHeadersAndCookiesPassBothWays() {
        String json = "{\"displayName\":\"Zoë 张\",\"emoji\":\"🎉\"}";
        JsonObject echo = new JsonObject(given()
                .header("Origin", "http://localhost:8080")
                .header("Authorization", "Bearer aaa.bbb.ccc")
                .cookie("convene_refresh", "r1")
                .header("X-Request-Id", "req-7")
                .contentType(ContentType.JSON)
                .body(json)
                .when().post("/api/rooms/abc-defg-hij/join?lang=zh-CN")
                .then().statusCode(200)
                // response headers come back, Set-Cookie included, and nothing of web-ui's own
                .header("Set-Cookie", containsString("standin=room-service"))
                .header("X-Content-Type-Options", nullValue())
                .extract().asString());

        assertEquals("POST", echo.getString("method"));
        assertEquals("/api/rooms/abc-defg-hij/join?lang=zh-CN", echo.getString("uri"));
        assertEquals(json, echo.getString("body"));
        JsonObject h = echo.getJsonObject("headers");
        assertEquals("http://localhost:8080", h.getString("origin"));
        assertEquals("Bearer aaa.bbb.ccc", h.getString("authorization"));
        assertEquals("convene_refresh=r1", h.getString("cookie"));
        assertEquals("req-7", h.getString("x-request-id"));
        assertTrue(h.getString("content-type").startsWith("application/json"));
        // X-Forwarded-*: the client address, the scheme and the authority the client used.
        String authority = URI.create(RestAssured.baseURI).getHost() + ":" + RestAssured.port;
        assertEquals("127.0.0.1", h.getString("x-forwarded-for"));
        assertEquals("http", h.getString("x-forwarded-proto"));
        assertEquals(authority, h.getString("x-forwarded-host"));
        // Host is kept, as an Ingress does.
        assertEquals(authority, h.getString("host"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "PUT", "PATCH", "DELETE", "OPTIONS" })
    void otherMethodsArePreserved(String method) {
        given().body("x").when().request(method, "/api/chat/messages/5")
                .then().statusCode(200)
                .body("method", equalTo(method))
                .body("service", equalTo("chat-service"));
    }

    @Test
    void anExistingForwardedForChainIsExtended() {
        given().header("X-Forwarded-For", "203.0.113.9")
                .when().get("/api/auth/me")
                .then().statusCode(200)
                .body("headers.x-forwarded-for", equalTo("203.0.113.9, 127.0.0.1"));
    }

    @Test
    void largeUploadPassesBeyondQuarkusBodyLimitIntact() throws Exception {
        byte[] payload = new byte[12 * 1024 * 1024]; // > quarkus.http.limits.max-body-size (10240K)
        new Random(42).nextBytes(payload);
        given().contentType("application/octet-stream").body(payload)
                .when().post("/api/chat/rooms/abc-defg-hij/files")
                .then().statusCode(200)
                .body("bodyLength", equalTo(payload.length))
                .body("bodySha256", equalTo(sha256(payload)))
                .body("body", nullValue());
    }

    @Test
    void uploadIsStreamedNotBuffered() throws Exception {
        int chunkSize = 1024 * 1024;
        int chunks = 16; // 16 MiB in all, sent chunked (no Content-Length)
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random random = new Random(7);
        CompletableFuture<Integer> head = new CompletableFuture<>();
        CompletableFuture<String> answer = new CompletableFuture<>();
        CompletableFuture<HttpClientRequest> opened = new CompletableFuture<>();

        // Everything that touches the Vert.x request runs on its event loop; the test thread
        // only observes. The response handlers are attached before anything is sent.
        Context context = vertx.getOrCreateContext();
        context.runOnContext(v -> http.request(new RequestOptions()
                .setMethod(HttpMethod.POST).setHost("localhost").setPort(base.getPort())
                .setURI("/api/chat/rooms/abc-defg-hij/files/stream-probe"))
                .onFailure(opened::completeExceptionally)
                .onSuccess(request -> {
                    request.response()
                            .onFailure(head::completeExceptionally)
                            .onSuccess(response -> {
                                head.complete(response.statusCode());
                                response.body().onSuccess(b -> answer.complete(b.toString()))
                                        .onFailure(answer::completeExceptionally);
                            });
                    request.setChunked(true).putHeader("Content-Type", "application/octet-stream");
                    request.write(randomChunk(random, chunkSize, sha));
                    opened.complete(request);
                }));
        HttpClientRequest request = opened.get(20, TimeUnit.SECONDS);

        // The upstream answers on the first chunk. If the proxy buffered the body, nothing would
        // reach the upstream before the request ends, and this would time out.
        assertEquals(200, head.get(10, TimeUnit.SECONDS));
        assertTrue(!answer.isDone(), "upload still open while the answer started");

        CompletableFuture<Void> sent = new CompletableFuture<>();
        context.runOnContext(v -> writeChunks(request, random, chunkSize, chunks - 1, sha, sent));
        sent.get(30, TimeUnit.SECONDS);
        String text = answer.get(30, TimeUnit.SECONDS);
        assertTrue(text.startsWith("first-chunk-received\n"), text);
        String expected = "bytes=" + ((long) chunkSize * chunks) + " sha256=" + HexFormat.of().formatHex(sha.digest());
        assertTrue(text.endsWith(expected), text + " / expected " + expected);
    }

    /** Writes {@code remaining} random chunks honouring back-pressure, then ends the request. */
    private static void writeChunks(HttpClientRequest request, Random random, int size, int remaining,
            MessageDigest sha, CompletableFuture<Void> done) {
        int left = remaining;
        while (left > 0 && !request.writeQueueFull()) {
            request.write(randomChunk(random, size, sha));
            left--;
        }
        if (left == 0) {
            request.end().onComplete(ar -> done.complete(null));
        } else {
            int rest = left;
            request.drainHandler(v -> writeChunks(request, random, size, rest, sha, done));
        }
    }

    @Test
    void webSocketUpgradeIsProxiedEndToEnd() throws Exception {
        // A plain request first, so the proxy holds a pooled keep-alive connection to the
        // service: the upgrade must still work (and not reuse it as plain HTTP).
        given().when().get("/ws/status").then().statusCode(200).body("service", equalTo("signaling-service"));

        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        String origin = "http://localhost:" + base.getPort();
        Future<WebSocket> connecting = webSockets.connect(new WebSocketConnectOptions()
                .setHost("localhost").setPort(base.getPort())
                .setURI("/ws/rooms/abc-defg-hij?token=t0k3n")
                .addHeader("Origin", origin));
        // Handlers go on before the first frame can be delivered.
        connecting.onSuccess(ws -> {
            ws.textMessageHandler(received::add);
            ws.binaryMessageHandler(b -> received.add(b.getBytes()));
        });
        WebSocket ws = await(connecting);

        JsonObject hello = new JsonObject((String) poll(received));
        assertEquals("signaling-service", hello.getString("service"));
        assertEquals("/ws/rooms/abc-defg-hij?token=t0k3n", hello.getString("uri"));
        assertEquals(origin, hello.getString("origin"));
        assertEquals("localhost:" + base.getPort(), hello.getString("host"));
        assertEquals("127.0.0.1", hello.getString("xForwardedFor"));
        assertEquals("localhost:" + base.getPort(), hello.getString("xForwardedHost"));

        await(ws.writeTextMessage("{\"type\":\"offer\",\"sdp\":\"v=0 你好 🎥\"}"));
        assertEquals("{\"type\":\"offer\",\"sdp\":\"v=0 你好 🎥\"}", poll(received));

        byte[] binary = new byte[200_000]; // several frames' worth, both directions
        new Random(3).nextBytes(binary);
        await(ws.writeBinaryMessage(Buffer.buffer(binary)));
        assertArrayEquals(binary, (byte[]) poll(received));

        for (int i = 0; i < 50; i++) {
            ws.writeTextMessage("m" + i);
        }
        for (int i = 0; i < 50; i++) {
            assertEquals("m" + i, poll(received));
        }
        await(ws.close());
    }

    @Test
    void webSocketRejectedByTheServiceKeepsItsStatus() {
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> await(webSockets.connect(new WebSocketConnectOptions()
                        .setHost("localhost").setPort(base.getPort()).setURI("/ws/forbidden")
                        .addHeader("Origin", "http://evil.example"))));
        UpgradeRejectedException rejected = assertInstanceOf(UpgradeRejectedException.class, failure.getCause());
        assertEquals(403, rejected.getStatus());
    }

    @Test
    void aServiceThatHangsGives504WithJsonCode() {
        long start = System.nanoTime();
        given().when().get("/api/rooms/abc-defg-hij/never-answers")
                .then().statusCode(504)
                .contentType(containsString("application/json"))
                .body("code", equalTo("upstream_timeout"))
                .body("message", containsString("room-service"));
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertTrue(seconds >= 2 && seconds < 15, "answered after the configured 3 s idle timeout, took " + seconds + " s");
    }

    @Test
    void pathsThatNormaliseDifferentlyAreRefused() throws Exception {
        // A raw client: no normalisation on the way out.
        Buffer body = await(http.request(new RequestOptions()
                .setMethod(HttpMethod.GET).setHost("localhost").setPort(base.getPort())
                .setURI("/api/rooms/../admin/users"))
                .compose(HttpClientRequest::send)
                .compose(response -> {
                    assertEquals(400, response.statusCode());
                    return response.body();
                }));
        JsonObject error = body.toJsonObject();
        assertEquals("bad_path", error.getString("code"));
        assertNotNull(error.getString("message"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/nope", "/api/authx/login", "/api/admin/usersx", "/api", "/api/" })
    void pathsOutsideThePublicSurfaceAreJson404(String path) {
        given().when().get(path)
                .then().statusCode(404)
                .contentType(containsString("application/json"))
                .body("code", equalTo("not_found"));
    }

    private static Buffer randomChunk(Random random, int size, MessageDigest sha) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        sha.update(bytes);
        return Buffer.buffer(bytes);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static Object poll(BlockingQueue<Object> queue) throws InterruptedException {
        Object item = queue.poll(10, TimeUnit.SECONDS);
        assertNotNull(item, "no WebSocket message within 10 s");
        return item;
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
