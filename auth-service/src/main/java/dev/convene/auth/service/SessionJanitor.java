package dev.convene.auth.service;

import dev.convene.auth.config.SessionConfig;
import dev.convene.auth.entity.PasswordResetToken;
import dev.convene.auth.entity.Session;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Every rotation leaves a row behind; ended sessions (with their tokens, by cascade) and
 * spent reset tokens are deleted once the retention period has passed. Idempotent, so
 * replicas running it at the same time do no harm.
 */
@ApplicationScoped
public class SessionJanitor {

    private static final Logger LOG = Logger.getLogger(SessionJanitor.class);

    private final SessionConfig config;

    public SessionJanitor(SessionConfig config) {
        this.config = config;
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        purge();
    }

    /** @return the number of sessions deleted */
    @Transactional
    public long purge() {
        Instant before = Instant.now().minus(config.retention());
        long sessions = Session.delete("revokedAt < ?1 or expiresAt < ?1", before);
        long resets = PasswordResetToken.delete("expiresAt < ?1", before);
        if (sessions + resets > 0) {
            LOG.infof("Purged %d ended sessions and %d old reset tokens", sessions, resets);
        }
        return sessions;
    }
}
