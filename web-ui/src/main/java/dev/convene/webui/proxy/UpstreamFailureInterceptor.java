package dev.convene.webui.proxy;

import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import dev.convene.webui.http.JsonErrors;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Turns a failed exchange with an upstream (refused or timed-out connection, reset before the
 * response head) into the project's JSON error instead of the library's empty 502:
 * 502 {@code upstream_unavailable}, or 504 {@code upstream_timeout} after the idle timeout.
 * An upstream's own error responses pass through untouched.
 */
final class UpstreamFailureInterceptor implements ProxyInterceptor {

    private static final Logger LOG = Logger.getLogger(UpstreamFailureInterceptor.class);

    private final Upstream upstream;

    UpstreamFailureInterceptor(Upstream upstream) {
        this.upstream = upstream;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        return context.sendRequest().recover(failure -> {
            HttpServerRequest incoming = context.request().proxiedRequest();
            boolean timeout = failure instanceof TimeoutException;
            LOG.warnf("%s %s -> %s (%s) failed: %s", incoming.method(), incoming.path(), upstream.name(),
                    upstream.baseUrl(), String.valueOf(failure.getMessage()));
            ProxyResponse response = context.request().release().response()
                    .setStatusCode(timeout ? 504 : 502)
                    .putHeader(HttpHeaders.CONTENT_TYPE, JsonErrors.CONTENT_TYPE)
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .setBody(Body.body(Buffer.buffer(timeout
                            ? JsonErrors.body("upstream_timeout", upstream.name() + " did not answer in time")
                            : JsonErrors.body("upstream_unavailable", upstream.name() + " is not reachable"))));
            return Future.succeededFuture(response);
        });
    }
}
