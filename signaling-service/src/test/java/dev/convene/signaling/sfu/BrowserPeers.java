package dev.convene.signaling.sfu;

import dev.convene.signaling.support.JanusEnvironment;
import dev.convene.signaling.support.RoomTokens;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Headless Chromium peers inside the Janus test namespace, driven through
 * {@code src/test/browser/sfu-peers.mjs} (JSON lines over stdin/stdout). Commands return
 * futures (never block a Vert.x event loop on them); ICE candidates arrive as events.
 */
final class BrowserPeers implements AutoCloseable {

    /** A candidate the browser gathered: which peer, which PeerConnection, the candidate (null = done). */
    record Candidate(String peer, String pc, JsonObject candidate) {
    }

    private final Process process;
    private final Writer stdin;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonObject>> waiting = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private volatile Consumer<Candidate> candidates = c -> { };

    BrowserPeers() throws IOException {
        Path repo = RoomTokens.repoRoot();
        Path script = repo.resolve("signaling-service/src/test/browser/sfu-peers.mjs");
        Path playwright = repo.resolve("web-ui/client/node_modules/playwright-core/index.mjs");
        ensureClientDependencies(repo.resolve("web-ui/client"));
        if (!Files.exists(playwright)) {
            throw new IllegalStateException(playwright + " missing after npm ci in web-ui/client");
        }
        ProcessBuilder builder = new ProcessBuilder(JanusEnvironment.inNamespace(List.of("node", script.toString())))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("PLAYWRIGHT_CORE", playwright.toString());
        process = builder.start();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::read, "sfu-peers-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("sfu-peers.mjs did not start: " + e.getMessage(), e);
        }
    }

    void onCandidate(Consumer<Candidate> listener) {
        candidates = listener;
    }

    CompletableFuture<JsonObject> command(String cmd, String peer, JsonObject args) {
        long id = ids.incrementAndGet();
        JsonObject message = (args == null ? new JsonObject() : args.copy()).put("id", id).put("cmd", cmd).put("peer", peer);
        CompletableFuture<JsonObject> result = new CompletableFuture<JsonObject>().orTimeout(60, TimeUnit.SECONDS);
        waiting.put(id, result);
        try {
            synchronized (stdin) {
                stdin.write(message.encode() + "\n");
                stdin.flush();
            }
        } catch (IOException e) {
            waiting.remove(id);
            result.completeExceptionally(e);
        }
        return result;
    }

    JsonObject await(String cmd, String peer, JsonObject args) {
        return command(cmd, peer, args).join();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                JsonObject message;
                try {
                    message = new JsonObject(line);
                } catch (RuntimeException notJson) {
                    System.out.println("[sfu-peers] " + line);
                    continue;
                }
                String event = message.getString("event");
                if ("ready".equals(event)) {
                    ready.complete(null);
                } else if ("candidate".equals(event)) {
                    candidates.accept(new Candidate(message.getString("peer"), message.getString("pc"),
                            message.getJsonObject("candidate")));
                } else if ("log".equals(event)) {
                    System.out.println("[sfu-peers] " + message.getString("message"));
                } else if (message.containsKey("re")) {
                    CompletableFuture<JsonObject> result = waiting.remove(message.getLong("re"));
                    if (result == null) {
                        continue;
                    }
                    if (message.getBoolean("ok", false)) {
                        Object value = message.getValue("result");
                        result.complete(value instanceof JsonObject o ? o : new JsonObject());
                    } else {
                        result.completeExceptionally(new IllegalStateException(message.getString("error")));
                    }
                }
            }
        } catch (IOException ended) {
            // process gone
        } finally {
            ready.completeExceptionally(new IllegalStateException("sfu-peers.mjs exited"));
            waiting.values().forEach(f -> f.completeExceptionally(new IllegalStateException("sfu-peers.mjs exited")));
        }
    }

    @Override
    public void close() {
        try {
            command("quit", null, null).get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // killed below
        }
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // ip netns exec execs node; Chromium's processes are its descendants
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * On a fresh clone this module is built before web-ui, so its npm dependencies (playwright-core)
     * are not installed yet: run the same install step the web-ui build runs (a no-op when current).
     */
    private static void ensureClientDependencies(Path client) throws IOException {
        Process install = new ProcessBuilder("node", "scripts/ensure-deps.mjs")
                .directory(client.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            if (!install.waitFor(10, TimeUnit.MINUTES)) {
                install.destroyForcibly();
                throw new IllegalStateException("npm ci in " + client + " took longer than 10 minutes");
            }
        } catch (InterruptedException e) {
            install.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing the client's npm dependencies", e);
        }
        if (install.exitValue() != 0) {
            throw new IllegalStateException("npm ci in " + client + " failed with exit code " + install.exitValue());
        }
    }
}
