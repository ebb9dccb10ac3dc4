package dev.convene.signaling.service;

import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The rooms and participants this replica holds (sockets, or in their reconnect grace). */
@Singleton // on the relay path: injected directly, no client proxy per call
public class LocalRooms {

    private final Map<String, LocalRoom> rooms = new ConcurrentHashMap<>();
    private final Map<String, Participant> participants = new ConcurrentHashMap<>();

    public LocalRoom room(String slug) {
        return rooms.get(slug);
    }

    public Collection<LocalRoom> rooms() {
        return rooms.values();
    }

    public Participant participant(String id) {
        return participants.get(id);
    }

    public Collection<Participant> participants() {
        return participants.values();
    }

    /** Adds a participant, creating its room entry; returns the room. */
    public LocalRoom add(Participant participant, String replica) {
        participants.put(participant.id(), participant);
        return rooms.compute(participant.room(), (slug, room) -> {
            LocalRoom target = room == null ? new LocalRoom(slug) : room;
            target.add(participant, replica);
            return target;
        });
    }

    /** Removes a participant; the room entry goes with its last local participant. */
    public void remove(Participant participant) {
        participants.remove(participant.id(), participant);
        rooms.computeIfPresent(participant.room(), (slug, room) -> {
            room.remove(participant);
            room.forget(participant.id());
            return room.isEmpty() ? null : room;
        });
    }

    public int roomCount() {
        return rooms.size();
    }

    public int participantCount() {
        return participants.size();
    }
}
