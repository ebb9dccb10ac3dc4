package dev.convene.signaling.ws;

import dev.convene.signaling.config.WebSocketConfig;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Refuses WebSocket upgrades from pages of foreign origins (cross-site WebSocket hijacking):
 * browsers always send {@code Origin}, so a missing one means a non-browser client, which is
 * judged by its credentials alone. Refused upgrades get HTTP 403 before any frame is sent.
 */
@ApplicationScoped
public class OriginCheck implements HttpUpgradeCheck {

    private static final Logger LOG = Logger.getLogger(OriginCheck.class);

    private final Set<String> allowed;

    OriginCheck(WebSocketConfig config) {
        this.allowed = config.allowedOrigins().stream()
                .map(OriginCheck::normalise)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** websockets-next endpoints (/ws/probe); {@link RoomRoute} asks {@link #allows} itself. */
    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return allows(context.httpRequest().getHeader("Origin")) ? CheckResult.permitUpgrade() : CheckResult.rejectUpgrade(403);
    }

    /** Whether a WebSocket upgrade with this {@code Origin} header (null: none) may proceed. */
    public boolean allows(String origin) {
        if (origin == null || allowed.contains(normalise(origin))) {
            return true;
        }
        LOG.debugf("Refused WebSocket upgrade from origin %s", origin);
        return false;
    }

    private static String normalise(String origin) {
        String trimmed = origin.trim().toLowerCase(java.util.Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
