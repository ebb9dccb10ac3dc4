package dev.convene.signaling.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SerialQueueTest {

    @Test
    void workRunsOneAtATimeInOrderEvenAfterAFailure() {
        SerialQueue queue = new SerialQueue();
        List<String> log = new CopyOnWriteArrayList<>();
        CompletableFuture<String> gate = new CompletableFuture<>();
        Uni<String> first = queue.submit(() -> {
            log.add("first started");
            return Uni.createFrom().completionStage(gate).invoke(() -> log.add("first done"));
        });
        Uni<String> second = queue.submit(() -> {
            log.add("second started");
            return Uni.createFrom().failure(new IllegalStateException("boom"));
        });
        Uni<String> third = queue.submit(() -> {
            log.add("third started");
            return Uni.createFrom().item("3");
        });
        assertEquals(List.of("first started"), log, "the others wait for the first");
        gate.complete("1");
        assertEquals("1", first.await().atMost(Duration.ofSeconds(2)));
        assertThrows(IllegalStateException.class, () -> second.await().atMost(Duration.ofSeconds(2)));
        assertEquals("3", third.await().atMost(Duration.ofSeconds(2)));
        assertEquals(List.of("first started", "first done", "second started", "third started"), log);
    }
}
