package dev.convene.chat.config;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Redis channel names (docs/events.md): one prefix per environment, one channel per room. */
@ApplicationScoped
public class EventChannels {

    @ConfigProperty(name = "convene.events.prefix")
    String prefix;

    public String room(String slug) {
        return prefix + ":room:" + slug;
    }
}
