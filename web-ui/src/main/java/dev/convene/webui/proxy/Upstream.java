package dev.convene.webui.proxy;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;

/**
 * A service behind the proxy, addressed by a base URL such as {@code http://127.0.0.1:8081}.
 * Only scheme, host and port are used: request paths are forwarded unchanged.
 */
public record Upstream(String name, String host, int port, boolean ssl) {

    public Upstream {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
    }

    /** Parses and validates an upstream base URL (http or https, a host, no path/query). */
    public static Upstream of(String name, URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(name + " URL must be http:// or https://, got: " + url);
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException(name + " URL has no host: " + url);
        }
        String path = url.getRawPath();
        if ((path != null && !path.isEmpty() && !path.equals("/")) || url.getRawQuery() != null) {
            throw new IllegalArgumentException(name + " URL must not have a path or query: " + url);
        }
        boolean ssl = scheme.equals("https");
        int port = url.getPort() != -1 ? url.getPort() : (ssl ? 443 : 80);
        String host = url.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // IPv6 literal
        }
        return new Upstream(name, host, port, ssl);
    }

    /**
     * Options for the upstream request of {@code incoming}. The TCP connection goes to this
     * upstream; the {@code Host} header keeps the public authority (as an Ingress does), so
     * services see the same Host locally and in Kubernetes. Over TLS the upstream's own name
     * is used instead, because it is also the SNI name its certificate must match.
     */
    public RequestOptions requestOptions(HttpServerRequest incoming) {
        RequestOptions options = new RequestOptions()
                .setServer(SocketAddress.inetSocketAddress(port, host))
                .setSsl(ssl)
                .setURI(incoming.uri())
                .setMethod(incoming.method());
        HostAndPort publicAuthority = incoming.authority();
        if (!ssl && publicAuthority != null) {
            options.setHost(publicAuthority.host());
            options.setPort(publicAuthority.port() > 0 ? publicAuthority.port() : 80);
        } else {
            options.setHost(host).setPort(port);
        }
        return options;
    }

    public String baseUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return (ssl ? "https" : "http") + "://" + h + ":" + port;
    }
}
