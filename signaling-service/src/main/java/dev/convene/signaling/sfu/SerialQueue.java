package dev.convene.signaling.sfu;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs asynchronous work one piece at a time, in submission order, without a thread: each
 * piece starts when the previous one's Uni completed (successfully or not). Work starts even if
 * nobody subscribes to the returned Uni, which only reports the outcome.
 */
public final class SerialQueue {

    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

    public <T> Uni<T> submit(Supplier<Uni<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<?> before;
        synchronized (this) {
            before = tail;
            tail = result;
        }
        before.handle((ignored, failure) -> null).thenRun(() -> {
            Uni<T> uni;
            try {
                uni = work.get();
            } catch (RuntimeException e) {
                uni = Uni.createFrom().failure(e);
            }
            uni.subscribe().with(result::complete, result::completeExceptionally);
        });
        return Uni.createFrom().completionStage(result);
    }
}
