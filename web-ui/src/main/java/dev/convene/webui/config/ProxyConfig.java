package dev.convene.webui.config;

import java.net.URI;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The local one-origin reverse proxy (dev and local profiles). In Kubernetes an Ingress does
 * this routing and the proxy stays disabled. Every value can be overridden by environment
 * variable, e.g. {@code CONVENE_PROXY_AUTH_URL=http://127.0.0.1:9081}.
 */
@ConfigMapping(prefix = "convene.proxy")
public interface ProxyConfig {

    /** Whether web-ui forwards /api/** and /ws/** to the services itself. */
    @WithDefault("false")
    boolean enabled();

    /** auth-service: /api/auth/**, /api/admin/users/**. */
    @WithDefault("http://127.0.0.1:8081")
    URI authUrl();

    /** room-service: /api/rooms/**, /api/admin/rooms/**. */
    @WithDefault("http://127.0.0.1:8082")
    URI roomUrl();

    /** signaling-service: /ws/** (WebSocket upgrades and plain HTTP). */
    @WithDefault("http://127.0.0.1:8083")
    URI signalingUrl();

    /** chat-service: /api/chat/**, /api/admin/chat/**. */
    @WithDefault("http://127.0.0.1:8084")
    URI chatUrl();

    /** How long to wait for a TCP connection to an upstream before answering 502. */
    @WithDefault("5s")
    Duration connectTimeout();

    /**
     * An HTTP exchange with an upstream that transfers nothing for this long fails with 504.
     * Does not apply to WebSocket connections once upgraded.
     */
    @WithDefault("5m")
    Duration idleTimeout();

    /** Upper bound of pooled HTTP connections per upstream (WebSockets are not pooled). */
    @WithDefault("64")
    int maxConnectionsPerUpstream();
}
