package dev.convene.webui.proxy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which upstream serves a request path. Prefixes match whole path segments, like a
 * Kubernetes Ingress {@code pathType: Prefix}: {@code /api/admin/users} matches
 * {@code /api/admin/users} and {@code /api/admin/users/42}, not {@code /api/admin/usersx}.
 * The longest matching prefix wins.
 */
public final class RouteTable {

    public record Route(String prefix, Upstream upstream) {
    }

    private final List<Route> routes;

    private RouteTable(List<Route> routes) {
        for (Route r : routes) {
            if (!r.prefix().startsWith("/") || r.prefix().endsWith("/")) {
                throw new IllegalArgumentException("prefix must start and not end with '/': " + r.prefix());
            }
        }
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed());
        this.routes = List.copyOf(sorted);
    }

    /** The Convene public surface (see DESIGN.md, "Public surface"). */
    public static RouteTable convene(Upstream auth, Upstream room, Upstream signaling, Upstream chat) {
        return new RouteTable(List.of(
                new Route("/api/auth", auth),
                new Route("/api/admin/users", auth),
                new Route("/api/rooms", room),
                new Route("/api/admin/rooms", room),
                new Route("/ws", signaling),
                new Route("/api/chat", chat),
                new Route("/api/admin/chat", chat)));
    }

    public static RouteTable of(List<Route> routes) {
        return new RouteTable(routes);
    }

    public Optional<Route> resolve(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (Route route : routes) {
            String prefix = route.prefix();
            if (path.startsWith(prefix)
                    && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    public List<Route> routes() {
        return routes;
    }
}
