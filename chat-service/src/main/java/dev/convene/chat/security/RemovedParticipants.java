package dev.convene.chat.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who a host removed from which meeting, from room-service's {@code participant.removed} events
 * ({@link dev.convene.chat.events.RoomEventSubscriber}): their room tokens issued until then are
 * refused at once, instead of working to the end of their (5-minute) life. room-service issues
 * such a user no new token for the rest of the meeting; one issued later (a new meeting of the
 * room) is accepted.
 *
 * <p>Kept in memory by every replica (each one receives every event); an entry outlives any
 * token it can concern, then goes. A replica that was not subscribed when the event came (Redis
 * outage, started later) falls back to the token's expiry, as before.
 */
@ApplicationScoped
public class RemovedParticipants {

    /** Far longer than a room token lives (5 minutes). */
    static final long KEEP_MILLIS = 60 * 60 * 1000L;
    private static final int PURGE_ABOVE = 1_000;

    private final Map<String, Long> removedAt = new ConcurrentHashMap<>();

    /** {@code userId} was removed from {@code room} at {@code atMillis} (room-service's clock). */
    public void removed(String room, String userId, long atMillis) {
        removedAt.merge(key(room, userId), atMillis, Math::max);
        if (removedAt.size() > PURGE_ABOVE) {
            long before = System.currentTimeMillis() - KEEP_MILLIS;
            removedAt.values().removeIf(at -> at < before);
        }
    }

    /**
     * True if a token of {@code userId} for {@code room} issued at {@code issuedAtSeconds} (also
     * room-service's clock) predates the user's removal. The removal's second counts as before:
     * after it room-service refuses that user in the meeting, so a token of the same second is
     * one issued before.
     */
    public boolean refuses(String room, String userId, long issuedAtSeconds) {
        Long at = removedAt.get(key(room, userId));
        return at != null && issuedAtSeconds <= at / 1000 && at > System.currentTimeMillis() - KEEP_MILLIS;
    }

    private static String key(String room, String userId) {
        return room + '\n' + userId;
    }
}
