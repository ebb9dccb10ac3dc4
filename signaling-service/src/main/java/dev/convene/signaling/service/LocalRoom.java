package dev.convene.signaling.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A room in which this replica holds at least one participant: its local participants, where
 * every member of the room is connected (participant id → replica id, fed by the presence hash
 * at join and by presence events after), and the room settings last announced.
 */
public final class LocalRoom {

    private final String slug;
    private final Map<String, Participant> local = new ConcurrentHashMap<>();
    private final Map<String, String> routes = new ConcurrentHashMap<>();
    private volatile ObjectNode settings;

    LocalRoom(String slug) {
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }

    public Collection<Participant> participants() {
        return local.values();
    }

    public Participant participant(String id) {
        return local.get(id);
    }

    void add(Participant participant, String replica) {
        local.put(participant.id(), participant);
        routes.put(participant.id(), replica);
    }

    boolean remove(Participant participant) {
        return local.remove(participant.id(), participant);
    }

    boolean isEmpty() {
        return local.isEmpty();
    }

    /** The replica holding {@code participantId}, or null if not (yet) known here. */
    public String routeOf(String participantId) {
        return routes.get(participantId);
    }

    public void route(String participantId, String replica) {
        routes.put(participantId, replica);
    }

    public void forget(String participantId) {
        routes.remove(participantId);
    }

    public Map<String, String> routes() {
        return routes;
    }

    public ObjectNode settings() {
        return settings;
    }

    public void settings(ObjectNode settings) {
        this.settings = settings;
    }
}
