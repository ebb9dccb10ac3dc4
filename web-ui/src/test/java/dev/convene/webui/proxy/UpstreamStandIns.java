package dev.convene.webui.proxy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

/**
 * Real HTTP servers on random loopback ports standing in for the four services. Each echoes
 * what it received as JSON ({@code service, method, uri, path, query, headers, bodyLength,
 * bodySha256, body}) and accepts WebSockets on /ws/** echoing every frame.
 * <p>
 * Special paths: {@code .../stream-probe} answers as soon as the first body chunk arrives
 * (to prove uploads are streamed) and finishes with byte count and SHA-256 after the end;
 * {@code .../never-answers} never responds; a WebSocket upgrade of {@code /ws/forbidden} is rejected with 403 (an Origin check, say).
 */
public class UpstreamStandIns implements QuarkusTestResourceLifecycleManager {

    public static final String[] SERVICES = { "auth-service", "room-service", "signaling-service", "chat-service" };
    private static final String[] CONFIG_KEYS = { "auth-url", "room-url", "signaling-url", "chat-url" };

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new LinkedHashMap<>();
        for (int i = 0; i < SERVICES.length; i++) {
            HttpServer server = startServer(SERVICES[i]);
            config.put("convene.proxy." + CONFIG_KEYS[i], "http://127.0.0.1:" + server.actualPort());
        }
        // Short, so the timeout test is quick; long enough for every other exchange here.
        config.put("convene.proxy.idle-timeout", "3s");
        return config;
    }

    private HttpServer startServer(String service) {
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(req -> onRequest(service, req));
        try {
            return server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not start stand-in for " + service, e);
        }
    }

    private static void onRequest(String service, HttpServerRequest req) {
        if (req.headers().contains("Upgrade", "websocket", true)) {
            onUpgrade(service, req);
            return;
        }
        if (req.path().endsWith("/stream-probe")) {
            streamProbe(req);
            return;
        }
        if (req.path().endsWith("/never-answers")) {
            return; // a hung service: accepts the request, never responds
        }
        MessageDigest sha = sha256();
        Buffer body = Buffer.buffer();
        long[] length = { 0 };
        req.handler(chunk -> {
            length[0] += chunk.length();
            sha.update(chunk.getBytes());
            if (body.length() < 64 * 1024) {
                body.appendBuffer(chunk);
            }
        });
        req.endHandler(v -> {
            JsonObject headers = new JsonObject();
            req.headers().names().forEach(name -> headers.put(name.toLowerCase(), String.join(" | ", req.headers().getAll(name))));
            JsonObject echo = new JsonObject()
                    .put("service", service)
                    .put("method", req.method().name())
                    .put("uri", req.uri())
                    .put("path", req.path())
                    .put("query", req.query())
                    .put("headers", headers)
                    .put("bodyLength", length[0])
                    .put("bodySha256", HexFormat.of().formatHex(sha.digest()))
                    .put("body", length[0] <= 64 * 1024 ? body.toString() : null);
            req.response()
                    .putHeader("Content-Type", "application/json")
                    .putHeader("X-Stand-In", service)
                    .putHeader("Set-Cookie", "standin=" + service + "; Path=/; HttpOnly")
                    .end(echo.encode());
        });
    }

    /** Answers at the first body chunk, before the upload has ended, then reports what arrived. */
    private static void streamProbe(HttpServerRequest req) {
        MessageDigest sha = sha256();
        long[] length = { 0 };
        req.handler(chunk -> {
            if (length[0] == 0) {
                req.response().setChunked(true).putHeader("Content-Type", "text/plain").write("first-chunk-received\n");
            }
            length[0] += chunk.length();
            sha.update(chunk.getBytes());
        });
        req.endHandler(v -> req.response().end("bytes=" + length[0] + " sha256=" + HexFormat.of().formatHex(sha.digest())));
    }

    /**
     * Upgrades explicitly with {@code toWebSocket()}: Quarkus sets the JVM-wide system property
     * {@code vertx.disableWebsockets=true} when the app has no WebSocket extension, after which
     * no Vert.x server in this JVM dispatches to a {@code webSocketHandler} any more.
     */
    private static void onUpgrade(String service, HttpServerRequest req) {
        if (req.path().equals("/ws/forbidden")) {
            req.response().setStatusCode(403).end("origin not allowed");
            return;
        }
        req.toWebSocket().onSuccess(ws -> onWebSocket(service, ws));
    }

    private static void onWebSocket(String service, ServerWebSocket ws) {
        // First frame: what the handshake looked like upstream, then echo everything.
        JsonObject hello = new JsonObject()
                .put("service", service)
                .put("uri", ws.uri())
                .put("origin", ws.headers().get("Origin"))
                .put("host", ws.headers().get("Host"))
                .put("xForwardedFor", ws.headers().get("X-Forwarded-For"))
                .put("xForwardedHost", ws.headers().get("X-Forwarded-Host"));
        ws.writeTextMessage(hello.encode());
        ws.textMessageHandler(ws::writeTextMessage);
        ws.binaryMessageHandler(ws::writeBinaryMessage);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }
}
