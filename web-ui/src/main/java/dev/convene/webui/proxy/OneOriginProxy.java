package dev.convene.webui.proxy;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.convene.webui.config.ProxyConfig;
import dev.convene.webui.http.JsonErrors;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;

/**
 * The local one-origin reverse proxy: routes /api/** and /ws/** of this server to the
 * services, as the Kubernetes Ingress does in production. Built on vertx-http-proxy.
 *
 * <ul>
 * <li>Plain HTTP: one {@link HttpProxy} per upstream. Method, path, query, headers (Origin,
 * Authorization, Cookie...) and the body are forwarded; the body is streamed in both
 * directions, never buffered. Hop-by-hop headers are dropped by the library.</li>
 * <li>WebSocket upgrades: the library tunnels the upgraded TCP connection byte for byte
 * ({@link ProxyOptions#setSupportWebSocket}, on by default) but bypasses interceptors on that
 * path and answers a failed upstream connection with an empty 502. So the upstream connection
 * is opened here first: if that fails the client gets the JSON 502; otherwise a proxy bound to
 * that ready connection performs the upgrade.</li>
 * </ul>
 * The route runs before Quarkus' body-size limit ({@link RouteConstants#ROUTE_ORDER_UPLOAD_LIMIT}):
 * upload limits are the services' business (as with the Ingress), and the proxy never buffers.
 */
@ApplicationScoped
public class OneOriginProxy {

    private static final Logger LOG = Logger.getLogger(OneOriginProxy.class);

    /** Before the upload-limit route (-2), after Quarkus' own first handlers. */
    static final int ROUTE_ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1;

    @Inject
    ProxyConfig config;

    @Inject
    Vertx vertx;

    private HttpClient client;
    private RouteTable table;
    private Map<Upstream, HttpProxy> httpProxies = Map.of();

    void register(@Observes Router router) {
        if (!config.enabled()) {
            LOG.debug("One-origin proxy disabled (convene.proxy.enabled=false)");
            return;
        }
        table = RouteTable.convene(
                Upstream.of("auth-service", config.authUrl()),
                Upstream.of("room-service", config.roomUrl()),
                Upstream.of("signaling-service", config.signalingUrl()),
                Upstream.of("chat-service", config.chatUrl()));

        client = vertx.createHttpClient(
                new HttpClientOptions()
                        .setProtocolVersion(HttpVersion.HTTP_1_1)
                        .setKeepAlive(true)
                        .setConnectTimeout((int) config.connectTimeout().toMillis())
                        // Pass bodies through as they are; never decompress.
                        .setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(config.maxConnectionsPerUpstream()));

        Map<Upstream, HttpProxy> proxies = new HashMap<>();
        for (RouteTable.Route route : table.routes()) {
            proxies.computeIfAbsent(route.upstream(), this::newHttpProxy);
        }
        httpProxies = Map.copyOf(proxies);
        router.route().order(ROUTE_ORDER).handler(this::handle);

        StringBuilder summary = new StringBuilder("One-origin proxy enabled:");
        for (RouteTable.Route route : table.routes()) {
            summary.append("\n  ").append(route.prefix()).append("/** -> ").append(route.upstream().baseUrl());
        }
        LOG.info(summary);
    }

    private HttpProxy newHttpProxy(Upstream upstream) {
        long idleTimeout = config.idleTimeout().toMillis();
        return HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(false), client)
                .origin(context -> context.client().request(
                        upstream.requestOptions(context.request().proxiedRequest()).setIdleTimeout(idleTimeout)))
                .addInterceptor(new UpstreamFailureInterceptor(upstream));
    }

    void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String path = rc.normalizedPath();
        var route = table.resolve(path);
        if (route.isEmpty()) {
            rc.next();
            return;
        }
        if (!path.equals(request.path())) {
            // Dot segments or encoded characters that normalise differently: route and forward
            // one and the same path, or nothing.
            JsonErrors.send(rc.response(), 400, "bad_path", "The request path is not in normal form.");
            return;
        }
        Upstream upstream = route.get().upstream();
        ForwardedHeaders.apply(request);
        if (isWebSocketUpgrade(request)) {
            proxyWebSocket(upstream, request, rc);
        } else {
            httpProxies.get(upstream).handle(request);
        }
    }

    private void proxyWebSocket(Upstream upstream, HttpServerRequest request, RoutingContext rc) {
        request.pause();
        RequestOptions options = upstream.requestOptions(request);
        client.request(options).onComplete(connected -> {
            if (connected.failed()) {
                request.resume();
                LOG.warnf("WebSocket %s -> %s (%s) failed: %s", request.path(), upstream.name(),
                        upstream.baseUrl(), String.valueOf(connected.cause().getMessage()));
                JsonErrors.send(rc.response(), 502, "upstream_unavailable", upstream.name() + " is not reachable");
                return;
            }
            HttpClientRequest upstreamRequest = connected.result();
            HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(true), client)
                    .origin(context -> Future.succeededFuture(upstreamRequest))
                    .handle(request);
        });
    }

    /** Same test as the proxy library applies (HTTP/1.1 GET with Connection: upgrade, Upgrade: websocket). */
    static boolean isWebSocketUpgrade(HttpServerRequest request) {
        if (request.version() != HttpVersion.HTTP_1_1 || request.method() != HttpMethod.GET) {
            return false;
        }
        boolean connectionUpgrade = request.headers().getAll(HttpHeaders.CONNECTION).stream()
                .anyMatch(v -> containsIgnoreCase(v, "upgrade"));
        return connectionUpgrade && request.headers().getAll(HttpHeaders.UPGRADE).stream()
                .anyMatch(v -> containsIgnoreCase(v, "websocket"));
    }

    private static boolean containsIgnoreCase(String value, String token) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(token);
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }
}
