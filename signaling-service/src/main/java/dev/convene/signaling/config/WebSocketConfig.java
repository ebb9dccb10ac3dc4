package dev.convene.signaling.config;

import io.smallrye.config.ConfigMapping;
import java.util.List;

@ConfigMapping(prefix = "convene.ws")
public interface WebSocketConfig {

    /** Origins (scheme://host[:port]) whose pages may open a WebSocket to this service. */
    List<String> allowedOrigins();
}
