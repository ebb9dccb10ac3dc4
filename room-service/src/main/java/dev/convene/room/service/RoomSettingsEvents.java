package dev.convene.room.service;

import dev.convene.room.entity.Room;
import java.util.HashMap;
import java.util.Map;

/**
 * The room settings as other services see them: announced in {@code room.settings-changed}
 * (docs/events.md) and carried as the {@code settings} claim of room tokens.
 */
public final class RoomSettingsEvents {

    private RoomSettingsEvents() {
    }

    public static Map<String, Object> payload(Room room) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("name", room.name);
        settings.put("mediaMode", room.mediaMode.name());
        settings.put("maxParticipants", room.maxParticipants);
        settings.put("guestsAllowed", room.guestsAllowed);
        settings.put("lobbyEnabled", room.lobbyEnabled);
        settings.put("passcodeRequired", room.hasPasscode());
        settings.put("scheduledStart", room.scheduledStart == null ? null : room.scheduledStart.toString());
        settings.put("locked", room.locked);
        return settings;
    }
}
