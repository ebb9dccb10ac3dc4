package dev.convene.signaling.sfu.janus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Matching Janus' answers to requests: ack vs final answer, errors, timeouts, connection loss. */
class TransactionsTest {

    private final Vertx vertx = Vertx.vertx();
    private final Transactions transactions = new Transactions(vertx, "t-");

    @AfterEach
    void close() {
        vertx.close();
    }

    private static JsonObject message(String janus, String transaction) {
        return new JsonObject().put("janus", janus).put("transaction", transaction);
    }

    private static Throwable failure(CompletableFuture<?> future) throws Exception {
        try {
            future.get(2, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void aPluginRequestIgnoresTheAckAndCompletesWithTheEvent() throws Exception {
        String id = transactions.nextId();
        CompletableFuture<JsonObject> answer = transactions.register(id, Transactions.Expect.FINAL, 5000, "join");
        assertTrue(transactions.answer(id, message("ack", id)));
        assertFalse(answer.isDone(), "ack only says the event will follow");
        assertTrue(transactions.answer(id, message("event", id).put("sender", 7)));
        assertEquals(7, answer.get(1, TimeUnit.SECONDS).getInteger("sender"));
        assertFalse(transactions.answer(id, message("event", id)), "a second answer finds nobody waiting");
        assertEquals(0, transactions.size());
    }

    @Test
    void keepalivesAndTricklesAreDoneWithTheAck() throws Exception {
        String id = transactions.nextId();
        CompletableFuture<JsonObject> answer = transactions.register(id, Transactions.Expect.ACK, 5000, "keepalive");
        transactions.answer(id, message("ack", id));
        assertEquals("ack", answer.get(1, TimeUnit.SECONDS).getString("janus"));
    }

    @Test
    void errorsTimeoutsAndLostConnectionsFailTheirRequests() throws Exception {
        String bad = transactions.nextId();
        CompletableFuture<JsonObject> refused = transactions.register(bad, Transactions.Expect.FINAL, 5000, "attach");
        transactions.answer(bad, message("error", bad).put("error", new JsonObject().put("code", 460).put("reason", "No such plugin")));
        JanusException janus = assertInstanceOf(JanusException.class, failure(refused));
        assertEquals(460, janus.code());

        CompletableFuture<JsonObject> slow = transactions.register(transactions.nextId(), Transactions.Expect.FINAL, 50, "create");
        assertInstanceOf(JanusUnavailableException.class, failure(slow));

        CompletableFuture<JsonObject> pending = transactions.register(transactions.nextId(), Transactions.Expect.FINAL, 5000, "publish");
        transactions.failAll(new JanusUnavailableException("connection lost"));
        assertInstanceOf(JanusUnavailableException.class, failure(pending));
        assertEquals(0, transactions.size());
    }
}
