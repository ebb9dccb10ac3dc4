package dev.convene.chat.service;

import dev.convene.chat.config.ChatConfig;
import dev.convene.chat.events.Outbox;
import dev.convene.chat.store.MessageStore;
import dev.convene.chat.store.MessageStore.Inserted;
import dev.convene.chat.store.MessageStore.NewMessage;
import dev.convene.common.error.ApiException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Group commit for text messages: the sends that arrive while batches are being written queue
 * here, and a writer thread that is free takes everything queued — no waiting window — and
 * writes it as one batch in ONE transaction ({@link MessageStore#insertBatch}: one round trip,
 * one commit), announces it right after the commit (one pipelined Redis round trip,
 * {@link Outbox#inTransaction}) and only then answers every sender of the batch. Senders do not wait on a thread of their own:
 * {@link #submit} returns a future that the batch completes.
 *
 * <p>Why: a send used to be its own transaction, so each message cost a WAL flush (≈1.5–3 ms
 * on this box's disk) while its room's counter row was locked, and a worker thread, a
 * PostgreSQL backend and a Redis round trip of its own. Under load batches grow by themselves
 * (at 1,000 msg/s on this box, with 4 writers, about 4 messages share each commit, and
 * PostgreSQL flushes concurrent commits together); alone, a send is a batch of one and waits
 * for nothing.
 *
 * <p>A few writers ({@code convene.chat.messages.writers}) have batches in flight at once, so one
 * batch's round trips, WAL flush or a scheduling delay of its thread (the shared 2-core box
 * is often oversubscribed) do not stall every send; PostgreSQL merges their concurrent flushes.
 * Concurrent batches are as safe as batches of different replicas: each locks its rooms in name
 * order before numbering, so a room's batches are serialised and numbered in lock order, and
 * announced in that order (reserved under the lock).
 *
 * <p>Guarantees stay those of a single send: a caller is answered only after its batch
 * committed (durable at the answer, announced after the commit); a batch that fails is rolled
 * back whole, so every caller in it gets the same error (503 when the database is unavailable)
 * and retries with its client id; a message the database refuses for itself (not an outage)
 * fails alone: the batch is then written again one message at a time.
 */
@ApplicationScoped
public class SendBatcher {

    private static final Logger LOG = Logger.getLogger(SendBatcher.class);

    @Inject
    Outbox outbox;
    @Inject
    MessageStore messages;
    @Inject
    ChatConfig config;
    @Inject
    MeterRegistry registry;

    /**
     * A send waiting for its batch. {@code context}: the Vert.x context of the request (null off
     * Vert.x), on which the answer is completed, so the batch thread only hands results over
     * and goes on with the next batch while the event loops write the answers.
     */
    private record Pending(NewMessage message, CompletableFuture<OptionalLong> outcome, Context context,
            long queuedAtNanos) {

        void succeed(OptionalLong seq) {
            if (context == null) {
                outcome.complete(seq);
            } else {
                context.runOnContext(v -> outcome.complete(seq));
            }
        }

        void fail(Throwable error) {
            if (context == null) {
                outcome.completeExceptionally(error);
            } else {
                context.runOnContext(v -> outcome.completeExceptionally(error));
            }
        }
    }

    private BlockingQueue<Pending> queue;
    private volatile boolean running;
    private final List<Thread> writers = new ArrayList<>();
    private DistributionSummary batchSizes;
    /** where a send's time goes: waiting for its batch, then the batch's transaction and announcement */
    private Timer queueWait;
    private Timer batchDuration;

    void start(@Observes StartupEvent event) {
        queue = new LinkedBlockingQueue<>(config.messages().maxQueued());
        batchSizes = DistributionSummary.builder("chat.send.batch.size")
                .description("Text messages written per transaction (group commit)").register(registry);
        queueWait = Timer.builder("chat.send.queue.wait").description("From a send's arrival to the start of its batch")
                .publishPercentiles(0.5, 0.99).register(registry);
        batchDuration = Timer.builder("chat.send.batch.duration")
                .description("A batch's transaction (statements and commit) and its announcement")
                .publishPercentiles(0.5, 0.99).register(registry);
        running = true;
        for (int i = 1; i <= config.messages().writers(); i++) {
            Thread writer = new Thread(this::writeLoop, "chat-send-batcher-" + i);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false; // what is queued is still written
        for (Thread writer : writers) {
            writer.join(10_000);
        }
    }

    /**
     * Queues the message for the next batch, without waiting.
     *
     * @return completes once its batch committed: with the seq it was stored with, or empty when
     *         the sender had already used the client id in the room (an earlier send, or an
     *         earlier one of the same batch); fails with 503 when the database is unavailable,
     *         the queue is full or the batch does not end in time (the client retries with the
     *         same client id)
     */
    public CompletableFuture<OptionalLong> submit(NewMessage message) {
        Pending pending = new Pending(message, new CompletableFuture<>(), Vertx.currentContext(), System.nanoTime());
        if (!running || !queue.offer(pending)) {
            LOG.warn("Send queue full or closed: refusing a message (503)");
            return CompletableFuture.failedFuture(ChatErrors.storageUnavailable());
        }
        // a batch ends long before this (its statements fail after the JDBC socket timeout)
        return pending.outcome().orTimeout(60, TimeUnit.SECONDS).exceptionallyCompose(e -> CompletableFuture.failedFuture(
                e instanceof TimeoutException ? ChatErrors.storageUnavailable() : e));
    }

    /** Sends waiting for a batch (tests wait for a batch to form). */
    public int queued() {
        return queue.size();
    }

    private void writeLoop() {
        int max = config.messages().maxBatch();
        List<Pending> batch = new ArrayList<>(max);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, max - 1); // whatever queued while the previous batch was written
                writeAndAnswer(batch);
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException | Error e) {
                LOG.error("Send batch failed unexpectedly", e); // never leave a caller waiting
                batch.forEach(p -> p.fail(e));
            } finally {
                batch.clear();
            }
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.fail(ChatErrors.storageUnavailable());
        }
    }

    private void writeAndAnswer(List<Pending> batch) {
        long start = System.nanoTime();
        batchSizes.record(batch.size());
        batch.forEach(p -> queueWait.record(start - p.queuedAtNanos(), TimeUnit.NANOSECONDS));
        List<NewMessage> messages = batch.stream().map(Pending::message).toList();
        try {
            List<OptionalLong> outcomes = write(messages);
            batchDuration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).succeed(outcomes.get(i));
            }
        } catch (ApiException e) {
            // the database is unavailable (503): the whole batch rolled back, every caller retries
            batch.forEach(p -> p.fail(e));
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.get(0).fail(e);
                return;
            }
            // refused for a reason of its own (not an outage): write them one by one, so only
            // the message concerned fails; batch order is kept, so are the seqs' order
            LOG.warnf("A send batch of %d failed (%s); writing its messages one by one", batch.size(), e.toString());
            for (Pending p : batch) {
                writeAndAnswer(List.of(p));
            }
        }
    }

    /**
     * Writes one batch in one transaction and announces it after the commit. Several sends of
     * the batch with the same sender, room and client id are one message: the first is stored,
     * the others then find it like any retry.
     *
     * @return per message, in order: the seq it was stored with, or empty when already stored
     */
    List<OptionalLong> write(List<NewMessage> batch) {
        Map<String, Integer> firstOfKey = new HashMap<>();
        List<NewMessage> distinct = new ArrayList<>(batch.size());
        int[] distinctIndex = new int[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            var m = batch.get(i).message();
            String key = m.room() + '\n' + m.senderId() + '\n' + m.clientId();
            Integer first = firstOfKey.putIfAbsent(key, distinct.size());
            if (first == null) {
                distinctIndex[i] = distinct.size();
                distinct.add(batch.get(i));
            } else {
                distinctIndex[i] = -1; // a repeat within the batch: answered like a retry
            }
        }
        List<Inserted> inserted = outbox.inTransaction(c -> {
            List<Inserted> rows = messages.insertBatch(c, distinct);
            // still under the rooms' counter locks: reserving in batch order is seq order per room
            for (int i = 0; i < distinct.size(); i++) {
                Inserted row = rows.get(i);
                if (row != null) {
                    Outbox.Entry draft = distinct.get(i).announcement();
                    outbox.reserve(row.outboxRow(), new Outbox.Entry(draft.eventId(), draft.type(), draft.room(),
                            MessageStore.withSeq(draft.payload(), row.seq())));
                }
            }
            return rows;
        });
        List<OptionalLong> outcomes = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Inserted row = distinctIndex[i] < 0 ? null : inserted.get(distinctIndex[i]);
            outcomes.add(row == null ? OptionalLong.empty() : OptionalLong.of(row.seq()));
        }
        return outcomes;
    }
}
