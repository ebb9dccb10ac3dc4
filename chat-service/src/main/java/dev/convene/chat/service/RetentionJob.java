package dev.convene.chat.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Applies the retention setting periodically. Every replica runs it; the deletes are
 * idempotent, so overlapping runs only repeat work.
 */
@ApplicationScoped
public class RetentionJob {

    @Inject
    ModerationService moderation;

    @Scheduled(every = "${convene.chat.retention.check-every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        moderation.applyRetention();
    }
}
