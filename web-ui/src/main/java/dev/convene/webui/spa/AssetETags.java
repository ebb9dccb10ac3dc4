package dev.convene.webui.spa;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * An {@code ETag} for every hashed Vite asset ({@code /assets/<name>-<hash>.<ext>}): the content
 * hash Vite put in the name, which changes exactly when the content does. The emoji picker asks
 * for its data with a HEAD first and downloads it again only when the ETag changed; without one
 * it fetched and re-indexed the whole data set at every page load. A matching
 * {@code If-None-Match} gets 304 without a body. (Quarkus' static handler sends no ETag.)
 */
@ApplicationScoped
public class AssetETags {

    /** Vite's default asset names: {@code [name]-[hash].[ext]}, the hash 8 base64url characters. */
    static final Pattern HASHED = Pattern.compile("/assets/[^/]+-([A-Za-z0-9_-]{8})\\.[A-Za-z0-9]+");

    void register(@Observes Router router) {
        router.routeWithRegex(HASHED.pattern()).method(HttpMethod.GET).method(HttpMethod.HEAD)
                .order(Integer.MIN_VALUE + 100) // before the static-resource handler
                .handler(this::handle);
    }

    void handle(RoutingContext rc) {
        String etag = etagOf(rc.normalizedPath());
        if (etag == null) {
            rc.next();
            return;
        }
        String ifNoneMatch = rc.request().getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            rc.response().setStatusCode(304).putHeader(HttpHeaders.ETAG, etag)
                    .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=31536000, immutable").end();
            return;
        }
        rc.addHeadersEndHandler(v -> {
            if (rc.response().getStatusCode() == 200) {
                rc.response().putHeader(HttpHeaders.ETAG, etag);
            }
        });
        rc.next();
    }

    /** The strong ETag of a hashed asset path, or null. */
    static String etagOf(String path) {
        Matcher m = path == null ? null : HASHED.matcher(path);
        return m != null && m.matches() ? "\"" + m.group(1) + "\"" : null;
    }

    /** {@code If-None-Match}: a list of ETags (weak ones compared weakly); {@code *} is not honoured here. */
    static boolean matches(String header, String etag) {
        for (String candidate : header.split(",")) {
            String tag = candidate.strip();
            if (tag.equals(etag) || tag.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
