package dev.convene.chat.config;

import dev.convene.common.redis.SharedKeys;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The Redis channels chat-service uses (docs/events.md): one prefix per environment, one channel per room. */
@Singleton // a value: no client proxy (its superclass has no no-args constructor)
public class EventChannels extends SharedKeys {

    EventChannels(@ConfigProperty(name = "convene.events.prefix") String prefix) {
        super(prefix);
    }
}
