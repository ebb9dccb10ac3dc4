package dev.convene.chat;

import static dev.convene.chat.support.Chat.send;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convene.chat.service.SendBatcher;
import dev.convene.chat.support.Chat;
import dev.convene.chat.support.RedisSubscriber;
import dev.convene.chat.support.Rooms;
import dev.convene.chat.support.SingleWriterProfile;
import dev.convene.chat.support.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit ({@link SendBatcher}): sends that queue while a batch is written share the next
 * transaction. To form a batch deterministically, the test runs one writer and holds a room's
 * counter lock, so a first send (batch 1) waits in the database; every send made meanwhile
 * queues, in a known order, and all of them form batch 2 once the lock is released.
 */
@QuarkusTest
@TestProfile(SingleWriterProfile.class)
class GroupCommitTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String TRANSIENT = "fail-at-commit-transient ";
    static final String REFUSED = "fail-at-commit-refused ";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    SendBatcher batcher;

    private final ExecutorService senders = Executors.newCachedThreadPool();

    @BeforeEach
    void failSomeCommits() throws SQLException {
        // a deferred constraint trigger fails the COMMIT of a transaction that stored a message with
        // a marker text: serialization_failure (an outage-like error, 503) or a plain error
        execute("""
                CREATE OR REPLACE FUNCTION chat_test_fail_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.text LIKE 'fail-at-commit-transient %' THEN
                    RAISE EXCEPTION 'test: commit refused' USING ERRCODE = 'serialization_failure';
                  END IF;
                  IF NEW.text LIKE 'fail-at-commit-refused %' THEN
                    RAISE EXCEPTION 'test: this message is refused';
                  END IF;
                  RETURN NULL;
                END $$""",
                "DROP TRIGGER IF EXISTS chat_test_fail_at_commit ON chat_messages",
                """
                CREATE CONSTRAINT TRIGGER chat_test_fail_at_commit AFTER INSERT ON chat_messages
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION chat_test_fail_at_commit()""");
    }

    @AfterEach
    void cleanUp() throws SQLException {
        senders.shutdownNow();
        execute("DROP TRIGGER IF EXISTS chat_test_fail_at_commit ON chat_messages");
    }

    @Test
    void aBatchWithRepeatsAConflictAndARetryStoresEachMessageOnceWithDenseSeqs() throws Exception {
        String roomA = Rooms.fresh();
        String roomB = Rooms.fresh();
        String alice = Tokens.participant(roomA, Tokens.user());
        String bob = Tokens.participant(roomA, Tokens.user());
        String carol = Tokens.participant(roomB, Tokens.user());
        String earlierId = UUID.randomUUID().toString();
        send(alice, roomA, earlierId, "earlier").then().statusCode(201).body("seq", equalTo(1));

        try (RedisSubscriber eventsA = RedisSubscriber.room(roomA); RedisSubscriber eventsB = RedisSubscriber.room(roomB)) {
            String id = UUID.randomUUID().toString();
            List<Future<Response>> batch2;
            try (Connection lock = lockCounter(roomA)) {
                Future<Response> blocker = sendInBackground(alice, roomA, UUID.randomUUID().toString(), "batch 1");
                awaitLockWaiter();
                batch2 = List.of(
                        queue(0, alice, roomA, id, "new"),
                        queue(1, alice, roomA, id, "new"), // the same send twice in one batch
                        queue(2, alice, roomA, id, "other text, same id"), // conflict
                        queue(3, alice, roomA, earlierId, "earlier"), // retry of a stored message
                        queue(4, bob, roomA, UUID.randomUUID().toString(), "bob's"),
                        queue(5, bob, roomA, id, "bob's, alice's id"), // client ids are per sender
                        queue(6, carol, roomB, UUID.randomUUID().toString(), "another room"));
                lock.commit();
                blocker.get().then().statusCode(201).body("seq", equalTo(2));
            }
            Response first = batch2.get(0).get();
            first.then().statusCode(201).body("seq", equalTo(3));
            batch2.get(1).get().then().statusCode(200).body("id", equalTo(first.path("id"))).body("seq", equalTo(3));
            batch2.get(2).get().then().statusCode(409).body("code", equalTo("client_id_conflict"));
            batch2.get(3).get().then().statusCode(200).body("seq", equalTo(1));
            batch2.get(4).get().then().statusCode(201).body("seq", equalTo(4));
            batch2.get(5).get().then().statusCode(201).body("seq", equalTo(5));
            batch2.get(6).get().then().statusCode(201).body("seq", equalTo(1));

            Chat.history(alice, roomA, "after=0").then().statusCode(200)
                    .body("messages.seq", contains(1, 2, 3, 4, 5)).body("lastSeq", equalTo(5));
            Chat.history(carol, roomB, "after=0").then().statusCode(200).body("messages.seq", contains(1));
            // announced once each, in seq order (seq 1 was announced before the subscription)
            assertEquals(List.of(2, 3, 4, 5), seqs(eventsA.next(4, WAIT)));
            assertEquals(List.of(1), seqs(eventsB.next(1, WAIT)));
            eventsA.assertQuiet(Duration.ofMillis(500));
        }
    }

    @Test
    void aBatchWhoseCommitFailsAnswers503ToEveryCallerAndStoresNothing() throws Exception {
        String roomA = Rooms.fresh();
        String roomB = Rooms.fresh();
        String alice = Tokens.participant(roomA, Tokens.user());
        String bob = Tokens.participant(roomB, Tokens.user());
        send(alice, roomA, UUID.randomUUID().toString(), "before").then().statusCode(201).body("seq", equalTo(1));
        String poisonId = UUID.randomUUID().toString();
        String aliceId = UUID.randomUUID().toString();
        String bobId = UUID.randomUUID().toString();
        String poison = TRANSIENT + UUID.randomUUID();

        try (RedisSubscriber eventsA = RedisSubscriber.room(roomA); RedisSubscriber eventsB = RedisSubscriber.room(roomB)) {
            List<Future<Response>> batch2;
            try (Connection lock = lockCounter(roomA)) {
                Future<Response> blocker = sendInBackground(alice, roomA, UUID.randomUUID().toString(), "batch 1");
                awaitLockWaiter();
                batch2 = List.of(
                        queue(0, alice, roomA, aliceId, "innocent"),
                        queue(1, alice, roomA, poisonId, poison),
                        queue(2, bob, roomB, bobId, "innocent too"));
                lock.commit();
                blocker.get().then().statusCode(201).body("seq", equalTo(2));
            }
            for (Future<Response> f : batch2) {
                f.get().then().statusCode(503).header("Retry-After", "2").body("code", equalTo("service_unavailable"));
            }
            // nothing of the batch is stored or announced, and no seq was used up
            Chat.history(alice, roomA, "after=0").then().body("messages.seq", contains(1, 2)).body("lastSeq", equalTo(2));
            Chat.history(bob, roomB, "after=0").then().body("messages.size()", equalTo(0)).body("lastSeq", equalTo(0));
            assertEquals(List.of(2), seqs(eventsA.next(1, WAIT)));
            eventsA.assertQuiet(Duration.ofMillis(500));
            eventsB.assertQuiet(Duration.ofMillis(100));

            // the clients retry with the same ids once the database accepts them again
            execute("DROP TRIGGER IF EXISTS chat_test_fail_at_commit ON chat_messages");
            send(alice, roomA, aliceId, "innocent").then().statusCode(201).body("seq", equalTo(3));
            send(alice, roomA, poisonId, poison).then().statusCode(201).body("seq", equalTo(4));
            send(bob, roomB, bobId, "innocent too").then().statusCode(201).body("seq", equalTo(1));
            assertEquals(List.of(3, 4), seqs(eventsA.next(2, WAIT)));
            assertEquals(List.of(1), seqs(eventsB.next(1, WAIT)));
        }
    }

    @Test
    void aMessageTheDatabaseRefusesForItselfFailsAloneAndTheRestOfItsBatchIsStored() throws Exception {
        String room = Rooms.fresh();
        String alice = Tokens.participant(room, Tokens.user());
        send(alice, room, UUID.randomUUID().toString(), "before").then().statusCode(201);
        List<Future<Response>> batch2;
        try (Connection lock = lockCounter(room)) {
            Future<Response> blocker = sendInBackground(alice, room, UUID.randomUUID().toString(), "batch 1");
            awaitLockWaiter();
            batch2 = List.of(
                    queue(0, alice, room, UUID.randomUUID().toString(), "first"),
                    queue(1, alice, room, UUID.randomUUID().toString(), REFUSED + UUID.randomUUID()),
                    queue(2, alice, room, UUID.randomUUID().toString(), "third"));
            lock.commit();
            blocker.get().then().statusCode(201).body("seq", equalTo(2));
        }
        batch2.get(0).get().then().statusCode(201).body("seq", equalTo(3));
        batch2.get(1).get().then().statusCode(500);
        batch2.get(2).get().then().statusCode(201).body("seq", equalTo(4));
        Chat.history(alice, room, "after=0").then().body("messages.seq", contains(1, 2, 3, 4));
    }

    /** Sends in the background once the previous {@code alreadyQueued} sends are queued, and waits until this one is too. */
    private Future<Response> queue(int alreadyQueued, String token, String room, String clientId, String text) {
        assertEquals(alreadyQueued, batcher.queued(), "sends waiting for batch 2");
        Future<Response> response = sendInBackground(token, room, clientId, text);
        await().atMost(WAIT).until(() -> batcher.queued() == alreadyQueued + 1);
        return response;
    }

    private Future<Response> sendInBackground(String token, String room, String clientId, String text) {
        return senders.submit(() -> send(token, room, clientId, text));
    }

    /** Holds the room's counter row (the room exists) until the returned connection commits. */
    private Connection lockCounter(String room) throws SQLException {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM chat_rooms WHERE room = ? FOR UPDATE")) {
            ps.setString(1, room);
            try (ResultSet rs = ps.executeQuery()) {
                assertEquals(true, rs.next());
            }
        }
        return c;
    }

    /** Batch 1 is waiting for the counter lock: whatever is sent now queues for batch 2. */
    private void awaitLockWaiter() {
        await().atMost(WAIT).until(() -> {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity"
                            + " WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        });
        assertEquals(0, batcher.queued());
    }

    private void execute(String... statements) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static List<Integer> seqs(List<JsonObject> events) {
        return events.stream().map(e -> e.getJsonObject("payload").getJsonObject("message").getInteger("seq")).toList();
    }
}
