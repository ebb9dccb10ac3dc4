package dev.convene.chat.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Records an announcement in the transaction of the change it announces, so an event exists
 * exactly when the change committed. {@link OutboxPublisher} sends it to Redis afterwards;
 * call {@link OutboxPublisher#wake()} once the transaction committed.
 */
@ApplicationScoped
public class Outbox {

    /** The columns of a chat_outbox row; {@code payload} is JSON. */
    public record Entry(UUID eventId, String type, String room, String payload) {
    }

    @Inject
    ObjectMapper mapper;

    public Entry entry(String type, String room, Object payload) {
        try {
            return new Entry(UUID.randomUUID(), type, room, mapper.writeValueAsString(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event payload not serialisable", e);
        }
    }

    public void append(Connection c, String type, String room, Object payload) throws SQLException {
        Entry entry = entry(type, room, payload);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO chat_outbox (event_id, type, room, payload) VALUES (?, ?, ?, ?)")) {
            ps.setObject(1, entry.eventId());
            ps.setString(2, entry.type());
            ps.setString(3, entry.room());
            ps.setString(4, entry.payload());
            ps.executeUpdate();
        }
    }
}
