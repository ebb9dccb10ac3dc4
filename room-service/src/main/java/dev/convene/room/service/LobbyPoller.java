package dev.convene.room.service;

import dev.convene.room.events.LobbyWakeups;
import dev.convene.room.security.Caller;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;

/**
 * Long polling of a lobby request without holding a thread: read the state on a worker,
 * and while still waiting, park until a decision event wakes us or a re-check is due.
 */
@ApplicationScoped
public class LobbyPoller {

    /** re-read the database at least this often, in case an event was lost */
    static final Duration RECHECK = Duration.ofSeconds(5);

    @Inject
    LobbyService lobby;

    @Inject
    LobbyWakeups wakeups;

    public Uni<JoinOutcome> poll(Caller caller, String slug, UUID requestId, Duration maxWait) {
        return attempt(caller, slug, requestId, System.nanoTime() + maxWait.toNanos());
    }

    private Uni<JoinOutcome> attempt(Caller caller, String slug, UUID requestId, long deadline) {
        LobbyWakeups.Wakeup wakeup = wakeups.register(requestId);
        return Uni.createFrom().item(() -> lobby.check(caller, slug, requestId))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().invoke(wakeup::cancel)
                .flatMap(outcome -> {
                    long remaining = deadline - System.nanoTime();
                    if (!(outcome instanceof JoinOutcome.Waiting) || remaining <= 0) {
                        wakeup.cancel();
                        return Uni.createFrom().item(outcome);
                    }
                    Duration pause = Duration.ofNanos(Math.min(remaining, RECHECK.toNanos()));
                    return wakeup.await(pause).flatMap(woken -> attempt(caller, slug, requestId, deadline));
                });
    }
}
