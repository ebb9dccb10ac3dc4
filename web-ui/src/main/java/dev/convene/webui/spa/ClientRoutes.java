package dev.convene.webui.spa;

/**
 * Which request paths belong to the browser client's router (and so get index.html).
 * A client route is any path outside the server namespaces (/api, /ws, /q) whose last
 * segment does not look like a file name (no dot): {@code /m/abc-defg-hij}, {@code /login},
 * {@code /reset-password}. {@code /assets/app.js} or {@code /robots.txt} are files: served if
 * they exist, 404 otherwise, never index.html.
 */
public final class ClientRoutes {

    private static final String[] SERVER_PREFIXES = { "/api", "/ws", "/q" };

    private ClientRoutes() {
    }

    /** Paths that belong to the back end: never answered with the client page. */
    public static boolean isServerPath(String path) {
        for (String prefix : SERVER_PREFIXES) {
            if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
                return true;
            }
        }
        return false;
    }

    public static boolean isClientRoute(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/' || isServerPath(path)) {
            return false;
        }
        String lastSegment = path.substring(path.lastIndexOf('/') + 1);
        return lastSegment.indexOf('.') < 0;
    }
}
