package dev.convene.webui.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;

/** Adds the de-facto standard X-Forwarded-* headers to a request about to be proxied. */
final class ForwardedHeaders {

    static final String FOR = "X-Forwarded-For";
    static final String PROTO = "X-Forwarded-Proto";
    static final String HOST = "X-Forwarded-Host";

    private ForwardedHeaders() {
    }

    /**
     * Applied to the incoming request's headers, which the proxy library copies to the
     * upstream request on both of its paths (plain HTTP and WebSocket upgrade). The client
     * address is appended to any X-Forwarded-For chain; Proto and Host describe what this
     * server received (locally it is the first hop).
     */
    static void apply(HttpServerRequest request) {
        MultiMap headers = request.headers();
        SocketAddress remote = request.remoteAddress();
        String client = remote != null && remote.hostAddress() != null ? remote.hostAddress() : "unknown";
        String prior = headers.get(FOR);
        headers.set(FOR, prior == null || prior.isBlank() ? client : prior + ", " + client);
        headers.set(PROTO, request.scheme() == null ? "http" : request.scheme());
        HostAndPort authority = request.authority();
        if (authority != null) {
            headers.set(HOST, authority.toString());
        }
    }
}
