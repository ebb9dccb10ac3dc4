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
    }

    interface History {
        int defaultLimit();

        int maxLimit();
    }

    interface Files {
        MemorySize maxSize();
    }

    interface Outbox {
        /** how often the publisher looks for rows nobody woke it for (other replicas, retries) */
        Duration pollInterval();

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
