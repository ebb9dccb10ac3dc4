package dev.convene.chat.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.convene.chat.store.Database;
import dev.convene.chat.store.SqlWork;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Records an announcement in the transaction of the change it announces, so an event exists
 * exactly when the change committed. Changes that announce run in {@link #inTransaction}: each
 * outbox row inserted there reserves its place in this replica's {@link AnnouncementQueue}
 * (while the transaction still holds the lock that orders it), and the commit releases it to
 * the {@link Announcer}, which publishes at once. Rows the fast path did not publish (a crash,
 * a full queue) are published by the {@link OutboxPublisher} poller.
 */
@ApplicationScoped
public class Outbox {

    /** The columns of a chat_outbox row; {@code payload} is JSON. */
    public record Entry(UUID eventId, String type, String room, String payload) {
    }

    private static final ThreadLocal<List<AnnouncementQueue.Ticket>> TRANSACTION = new ThreadLocal<>();

    @Inject
    ObjectMapper mapper;
    @Inject
    Database database;
    @Inject
    Announcer announcer;
    @Inject
    OutboxPublisher poller;

    public Entry entry(String type, String room, Object payload) {
        return entryOfJson(type, room, json(payload));
    }

    /** An entry whose payload is already JSON. */
    public Entry entryOfJson(String type, String room, String payloadJson) {
        return new Entry(UUID.randomUUID(), type, room, payloadJson);
    }

    /** A value as event payloads (and the REST API: the same ObjectMapper) write it. */
    public String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event payload not serialisable", e);
        }
    }

    /**
     * A transaction (on the main pool) whose outbox rows are announced right after its commit.
     * A rollback, or a failed commit, drops them from the fast path (an ambiguous commit that
     * did persist is announced by the poller).
     */
    public <T> T inTransaction(SqlWork<T> work) {
        if (TRANSACTION.get() != null) {
            throw new IllegalStateException("nested announcing transaction");
        }
        List<AnnouncementQueue.Ticket> tickets = new ArrayList<>(1);
        TRANSACTION.set(tickets);
        boolean committed = false;
        try {
            T result = database.inTransaction(work);
            committed = true;
            return result;
        } finally {
            TRANSACTION.remove();
            if (committed) {
                if (!tickets.isEmpty()) {
                    announcer.queue().committed(tickets);
                    if (tickets.stream().anyMatch(t -> t.state == AnnouncementQueue.State.REFUSED)) {
                        poller.wake(); // the queue is spilling: the poller publishes this one
                    } else {
                        announcer.publishCommitted(tickets);
                    }
                }
            } else if (!tickets.isEmpty()) {
                announcer.queue().aborted(tickets);
            }
        }
    }

    /** Inserts the announcement (within {@link #inTransaction}: also queues it for the fast path). */
    public void append(Connection c, String type, String room, Object payload) throws SQLException {
        Entry entry = entry(type, room, payload);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO chat_outbox (event_id, type, room, payload) VALUES (?, ?, ?, ?) RETURNING id")) {
            ps.setObject(1, entry.eventId());
            ps.setString(2, entry.type());
            ps.setString(3, entry.room());
            ps.setString(4, entry.payload());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                reserve(rs.getLong(1), entry);
            }
        }
    }

    /**
     * The outbox row {@code rowId} was inserted in the current transaction, which still holds
     * the lock that orders it: reserve its place in the fast path.
     */
    public void reserve(long rowId, Entry entry) {
        List<AnnouncementQueue.Ticket> tickets = TRANSACTION.get();
        if (tickets != null) {
            tickets.add(announcer.queue().reserve(rowId, entry));
        } // outside inTransaction: the poller publishes it
    }

    /** The envelope of docs/events.md; the payload is inserted as the JSON stored at commit. */
    static String envelope(ObjectMapper mapper, UUID eventId, String type, String room, String payload) {
        ObjectNode envelope = mapper.createObjectNode()
                .put("type", type)
                .put("room", room)
                .put("sender", ChatEventTypes.SENDER)
                .putNull("target")
                .put("id", eventId.toString())
                .put("timestamp", System.currentTimeMillis());
        envelope.putRawValue("payload", new RawValue(payload));
        try {
            return mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
