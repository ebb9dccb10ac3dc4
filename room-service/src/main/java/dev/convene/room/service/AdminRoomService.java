package dev.convene.room.service;

import dev.convene.room.entity.Room;
import dev.convene.room.presence.PresenceEntry;
import dev.convene.room.presence.PresenceReader;
import dev.convene.room.security.Caller;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The operators' view of all rooms: search, live participants, force-close, counts. */
@ApplicationScoped
public class AdminRoomService {

    @Inject
    RoomGuard guard;

    @Inject
    PresenceReader presence;

    @Inject
    MeetingCloser closer;

    public record Filter(boolean activeOnly, UUID ownerId, String text, int page, int size) {
    }

    public record RoomPage(List<Room> rooms, long total, Map<String, List<PresenceEntry>> live) {
    }

    public record Stats(long roomsTotal, long roomsOpen, long roomsActive, long participantsOnline) {
    }

    public RoomPage search(Filter filter) {
        Map<String, List<PresenceEntry>> live = presence.activeRooms();
        StringBuilder where = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (filter.activeOnly()) {
            if (live.isEmpty()) {
                return new RoomPage(List.of(), 0, live);
            }
            where.append(" and slug in :slugs");
            params.and("slugs", live.keySet());
        }
        if (filter.ownerId() != null) {
            where.append(" and ownerId = :owner");
            params.and("owner", filter.ownerId());
        }
        if (filter.text() != null && !filter.text().isBlank()) {
            where.append(" and (lower(name) like :text escape '\\' or slug like :text escape '\\'"
                    + " or lower(ownerName) like :text escape '\\')");
            params.and("text", "%" + escapeLike(filter.text().strip().toLowerCase(Locale.ROOT)) + "%");
        }
        PanacheQuery<Room> query = Room.find(where.toString(), Sort.descending("createdAt"), params);
        List<Room> rooms = query.page(Page.of(filter.page(), filter.size())).list();
        return new RoomPage(rooms, query.count(), live);
    }

    public Room room(String slug) {
        return guard.find(slug);
    }

    public List<PresenceEntry> participants(String slug) {
        return presence.participants(slug);
    }

    /** Ends the meeting of any room; the owner may reopen it. Closing a closed room is a no-op. */
    @Transactional
    public Room forceClose(Caller admin, String slug) {
        Room room = guard.findForUpdate(slug);
        if (room.isOpen()) {
            closer.close(room, MeetingCloser.CLOSED_BY_ADMIN, admin.userId());
        }
        return room;
    }

    public Stats stats() {
        Map<String, List<PresenceEntry>> live = presence.activeRooms();
        // presence of rooms that no longer exist does not count
        Set<String> known = live.isEmpty() ? Set.of()
                : Set.copyOf(Room.<Room>list("slug in ?1", live.keySet()).stream().map(room -> room.slug).toList());
        long participants = live.entrySet().stream()
                .filter(entry -> known.contains(entry.getKey()))
                .mapToLong(entry -> entry.getValue().size())
                .sum();
        return new Stats(Room.count(), Room.count("currentMeetingId is not null"), known.size(), participants);
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
