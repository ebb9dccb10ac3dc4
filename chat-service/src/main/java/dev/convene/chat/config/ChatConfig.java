package dev.convene.chat.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.time.Duration;

/** chat-service's own settings ({@code convene.chat.*}); documented in docs/chat-service.md. */
@ConfigMapping(prefix = "convene.chat")
public interface ChatConfig {

    Messages messages();

    History history();

    Files files();

    Outbox outbox();

    AdminToken adminToken();

    interface Messages {
        /** maximum text length in Unicode code points */
        int maxLength();

        /** most text messages written in one transaction (group commit) */
        int maxBatch();

        /** batches written at once (threads, each using one connection of the main pool while it writes) */
        int writers();

        /** sends waiting for their batch at most; beyond, a send is refused with 503 */
        int maxQueued();
    }

    interface History {
        int defaultLimit();

        int maxLimit();
    }

    interface Files {
        MemorySize maxSize();
    }

    interface Outbox {
        /** how often the fallback poller looks for rows the fast path did not publish */
        Duration pollInterval();

        /** the poller takes only rows at least this old (younger ones are on the fast path) */
        Duration fallbackAfter();

        /** announcements held in memory at most (a Redis outage); beyond, the outbox takes over */
        int maxQueued();

        int batchSize();

        /** upper bound of the retry back-off while Redis is unreachable */
        Duration maxBackoff();
    }

    interface AdminToken {
        String issuer();

        @WithName("publickey-location")
        String publicKeyLocation();
    }
}
