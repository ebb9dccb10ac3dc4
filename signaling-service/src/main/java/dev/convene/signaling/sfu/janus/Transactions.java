package dev.convene.signaling.sfu.janus;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests sent to one Janus that wait for their answer, by transaction id. Each waits at
 * most the request timeout (a timer, no thread). What counts as the answer depends on the
 * request: keepalives and trickles are done with Janus' {@code ack}; everything else ignores
 * the {@code ack} (for plugin requests it only says "received, event follows") and completes
 * with the next message of the transaction ({@code success}, {@code event}, {@code pong}, …).
 */
final class Transactions {

    /** Which message ends a request. */
    enum Expect { ACK, FINAL }

    private record Pending(CompletableFuture<JsonObject> result, Expect expect, long timer) {
    }

    private final Vertx vertx;
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    Transactions(Vertx vertx, String prefix) {
        this.vertx = vertx;
        this.prefix = prefix;
    }

    String nextId() {
        return prefix + Long.toString(counter.incrementAndGet(), 36);
    }

    /** Waits for the answer of {@code transaction}; fails with a timeout after {@code timeoutMs}. */
    CompletableFuture<JsonObject> register(String transaction, Expect expect, long timeoutMs, String what) {
        CompletableFuture<JsonObject> result = new CompletableFuture<>();
        long timer = vertx.setTimer(Math.max(1, timeoutMs), id -> {
            if (pending.remove(transaction) != null) {
                result.completeExceptionally(new JanusUnavailableException(
                        "no answer to " + what + " within " + timeoutMs + " ms"));
            }
        });
        pending.put(transaction, new Pending(result, expect, timer));
        return result;
    }

    /**
     * Hands a message that names a transaction to its waiting request. Returns false if no
     * request waits for it (a late answer after its timeout): the caller drops it.
     */
    boolean answer(String transaction, JsonObject message) {
        Pending waiting = pending.get(transaction);
        if (waiting == null) {
            return false;
        }
        String janus = message.getString("janus", "");
        if ("ack".equals(janus) && waiting.expect() == Expect.FINAL) {
            return true; // the plugin's event with the real answer follows
        }
        if (!pending.remove(transaction, waiting)) {
            return true;
        }
        vertx.cancelTimer(waiting.timer());
        if ("error".equals(janus)) {
            JsonObject error = message.getJsonObject("error", new JsonObject());
            waiting.result().completeExceptionally(new JanusException(error.getInteger("code", 0), error.getString("reason", "")));
        } else {
            waiting.result().complete(message);
        }
        return true;
    }

    /** Fails one request (e.g. its frame could not be written). */
    void fail(String transaction, RuntimeException cause) {
        Pending waiting = pending.remove(transaction);
        if (waiting != null) {
            vertx.cancelTimer(waiting.timer());
            waiting.result().completeExceptionally(cause);
        }
    }

    /** Fails everything still waiting: the connection is gone and no answer will come. */
    void failAll(RuntimeException cause) {
        List<String> ids = new ArrayList<>(pending.keySet());
        ids.forEach(id -> fail(id, cause));
    }

    int size() {
        return pending.size();
    }
}
