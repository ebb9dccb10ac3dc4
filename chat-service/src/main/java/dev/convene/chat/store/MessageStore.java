package dev.convene.chat.store;

import dev.convene.chat.entity.ReactionCount;
import dev.convene.chat.entity.StoredFile;
import dev.convene.chat.entity.StoredMessage;
import dev.convene.chat.events.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for messages, the per-room sequence and reactions. Every method runs on the caller's connection. */
@ApplicationScoped
public class MessageStore {

    private static final String COLUMNS = """
            m.id, m.room, m.seq, m.client_id, m.request_hash, m.sender_id, m.sender_name, m.text,
            m.created_at, m.edited_at, m.deleted_at,
            f.id AS f_id, f.uploader_id, f.name, f.size, f.content_type, f.sha256, f.content, f.created_at AS f_created_at
            FROM chat_messages m LEFT JOIN chat_files f ON f.id = m.file_id
            """;

    /**
     * The room's next sequence number. The upsert locks the room's counter row until the
     * transaction ends, which serialises the room's sends; a rollback restores the counter.
     */
    public long nextSeq(Connection c, String room) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO chat_rooms AS r (room, last_seq) VALUES (?, 1)
                ON CONFLICT (room) DO UPDATE SET last_seq = r.last_seq + 1
                RETURNING last_seq""")) {
            ps.setString(1, room);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public long lastSeq(Connection c, String room) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM chat_rooms WHERE room = ?")) {
            ps.setString(1, room);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /**
     * Inserts the message and its announcement in one statement (the room's counter lock is
     * held meanwhile, so every round trip counts) unless the sender already used this client
     * id in the room. The id of the outbox row; null when nothing was inserted.
     */
    public Long insert(Connection c, StoredMessage m, Outbox.Entry announcement) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                WITH message AS (
                  INSERT INTO chat_messages (id, room, seq, client_id, request_hash, sender_id, sender_name, text, file_id, created_at)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                  ON CONFLICT ON CONSTRAINT chat_messages_idempotency DO NOTHING
                  RETURNING id)
                INSERT INTO chat_outbox (event_id, type, room, payload) SELECT ?, ?, ?, ? FROM message RETURNING id""")) {
            ps.setObject(1, m.id());
            ps.setString(2, m.room());
            ps.setLong(3, m.seq());
            ps.setString(4, m.clientId());
            ps.setString(5, m.requestHash());
            ps.setString(6, m.senderId());
            ps.setString(7, m.senderName());
            ps.setString(8, m.text());
            ps.setObject(9, m.file() == null ? null : m.file().id());
            ps.setTimestamp(10, Timestamp.from(m.createdAt()));
            ps.setObject(11, announcement.eventId());
            ps.setString(12, announcement.type());
            ps.setString(13, announcement.room());
            ps.setString(14, announcement.payload());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** Marks the seq in a payload serialised before the seq was known ({@link #insertWithNextSeq}). */
    public static final long SEQ_PLACEHOLDER = -1;
    private static final String SEQ_MARKER = "\"seq\":" + SEQ_PLACEHOLDER + ",";

    /** The payload with the seq put in place of {@link #SEQ_PLACEHOLDER} (exactly as the SQL of {@link #insertWithNextSeq} does). */
    public static String withSeq(String payload, long seq) {
        return payload.replace(SEQ_MARKER, "\"seq\":" + seq + ",");
    }

    /** What {@link #insertWithNextSeq} did: the seq taken, and the outbox row's id (null: nothing inserted). */
    public record Inserted(long seq, Long outboxRow) {
    }

    /**
     * {@link #nextSeq} and {@link #insert} in one round trip (the room's counter lock is held
     * from here to the commit, so one round trip less is one less per message of the room):
     * takes the room's next seq and inserts the message with it — and its announcement, whose
     * payload was serialised with seq {@link #SEQ_PLACEHOLDER} — unless the sender already used
     * this client id in the room (then nothing but the counter changed: roll back).
     */
    public Inserted insertWithNextSeq(Connection c, StoredMessage m, Outbox.Entry announcement) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                WITH counter AS (
                  INSERT INTO chat_rooms AS r (room, last_seq) VALUES (?, 1)
                  ON CONFLICT (room) DO UPDATE SET last_seq = r.last_seq + 1
                  RETURNING last_seq),
                message AS (
                  INSERT INTO chat_messages (id, room, seq, client_id, request_hash, sender_id, sender_name, text, file_id, created_at)
                  SELECT ?, ?, counter.last_seq, ?, ?, ?, ?, ?, ?, ? FROM counter
                  ON CONFLICT ON CONSTRAINT chat_messages_idempotency DO NOTHING
                  RETURNING seq),
                announcement AS (
                  INSERT INTO chat_outbox (event_id, type, room, payload)
                  SELECT ?, ?, ?, replace(?, ?, '"seq":' || message.seq || ',') FROM message
                  RETURNING id)
                SELECT (SELECT last_seq FROM counter), (SELECT id FROM announcement)""")) {
            ps.setString(1, m.room());
            ps.setObject(2, m.id());
            ps.setString(3, m.room());
            ps.setString(4, m.clientId());
            ps.setString(5, m.requestHash());
            ps.setString(6, m.senderId());
            ps.setString(7, m.senderName());
            ps.setString(8, m.text());
            ps.setObject(9, m.file() == null ? null : m.file().id());
            ps.setTimestamp(10, Timestamp.from(m.createdAt()));
            ps.setObject(11, announcement.eventId());
            ps.setString(12, announcement.type());
            ps.setString(13, announcement.room());
            ps.setString(14, announcement.payload());
            ps.setString(15, SEQ_MARKER);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long seq = rs.getLong(1);
                long row = rs.getLong(2);
                return new Inserted(seq, rs.wasNull() ? null : row);
            }
        }
    }

    public Optional<StoredMessage> findByClientId(Connection c, String room, String senderId, String clientId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " WHERE m.room = ? AND m.sender_id = ? AND m.client_id = ?")) {
            ps.setString(1, room);
            ps.setString(2, senderId);
            ps.setString(3, clientId);
            return one(ps);
        }
    }

    /** The message, locked until the transaction ends when {@code forUpdate} (changes to one message are serialised). */
    public Optional<StoredMessage> findById(Connection c, String room, UUID id, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " WHERE m.room = ? AND m.id = ?"
                + (forUpdate ? " FOR UPDATE OF m" : ""))) {
            ps.setString(1, room);
            ps.setObject(2, id);
            return one(ps);
        }
    }

    /** Messages with seq > after, oldest first. */
    public List<StoredMessage> after(Connection c, String room, long after, int limit) throws SQLException {
        return page(c, "m.seq > ? ORDER BY m.seq", room, after, limit);
    }

    /** Messages with seq < before, newest first. */
    public List<StoredMessage> before(Connection c, String room, long before, int limit) throws SQLException {
        return page(c, "m.seq < ? ORDER BY m.seq DESC", room, before, limit);
    }

    /** One page of a room's history: {@code seqBoundAndOrder} is a fixed SQL fragment, never input. */
    private List<StoredMessage> page(Connection c, String seqBoundAndOrder, String room, long bound, int limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " WHERE m.room = ? AND " + seqBoundAndOrder + " LIMIT ?")) {
            ps.setString(1, room);
            ps.setLong(2, bound);
            ps.setInt(3, limit);
            return all(ps);
        }
    }

    public void updateText(Connection c, UUID id, String text, Instant editedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE chat_messages SET text = ?, edited_at = ? WHERE id = ?")) {
            ps.setString(1, text);
            ps.setTimestamp(2, Timestamp.from(editedAt));
            ps.setObject(3, id);
            ps.executeUpdate();
        }
    }

    /** Turns the message into a tombstone: text, reactions and attachment go, seq stays. */
    public void markDeleted(Connection c, UUID id, Instant deletedAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE chat_messages SET text = NULL, file_id = NULL, deleted_at = ? WHERE id = ?")) {
            ps.setTimestamp(1, Timestamp.from(deletedAt));
            ps.setObject(2, id);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM chat_reactions WHERE message_id = ?")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
    }

    /** Deletes the room's messages and reactions (not the counter: seq keeps increasing). */
    public int purgeRoom(Connection c, String room) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM chat_messages WHERE room = ?")) {
            ps.setString(1, room);
            return ps.executeUpdate();
        }
    }

    /** Deletes up to {@code limit} messages created before {@code cutoff}; their file ids are returned. */
    public List<UUID> deleteCreatedBefore(Connection c, Instant cutoff, int limit, List<UUID> fileIds)
            throws SQLException {
        List<UUID> deleted = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                DELETE FROM chat_messages WHERE id IN
                  (SELECT id FROM chat_messages WHERE created_at < ? ORDER BY created_at LIMIT ?)
                RETURNING id, file_id""")) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    deleted.add(rs.getObject(1, UUID.class));
                    UUID file = rs.getObject(2, UUID.class);
                    if (file != null) {
                        fileIds.add(file);
                    }
                }
            }
        }
        return deleted;
    }

    /** Adds the user's reaction; false when it was already there. */
    public boolean addReaction(Connection c, UUID messageId, String emoji, String userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO chat_reactions (message_id, emoji, user_id, created_at) VALUES (?, ?, ?, clock_timestamp())
                ON CONFLICT DO NOTHING""")) {
            ps.setObject(1, messageId);
            ps.setString(2, emoji);
            ps.setString(3, userId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Removes the user's reaction; false when there was none. */
    public boolean removeReaction(Connection c, UUID messageId, String emoji, String userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM chat_reactions WHERE message_id = ? AND emoji = ? AND user_id = ?")) {
            ps.setObject(1, messageId);
            ps.setString(2, emoji);
            ps.setString(3, userId);
            return ps.executeUpdate() == 1;
        }
    }

    /** Reaction counts of the messages, in the order each emoji was first used on a message. */
    public List<ReactionCount> reactions(Connection c, Collection<UUID> messageIds, String viewerId)
            throws SQLException {
        List<ReactionCount> counts = new ArrayList<>();
        if (messageIds.isEmpty()) {
            return counts;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT message_id, emoji, count(*), bool_or(user_id = ?)
                FROM chat_reactions WHERE message_id = ANY (?)
                GROUP BY message_id, emoji ORDER BY message_id, min(created_at), emoji""")) {
            Array ids = c.createArrayOf("uuid", messageIds.toArray());
            ps.setString(1, viewerId == null ? "" : viewerId);
            ps.setArray(2, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.add(new ReactionCount(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3),
                            rs.getBoolean(4)));
                }
            }
        }
        return counts;
    }

    private static Optional<StoredMessage> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(map(rs)) : Optional.empty();
        }
    }

    private static List<StoredMessage> all(PreparedStatement ps) throws SQLException {
        List<StoredMessage> messages = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                messages.add(map(rs));
            }
        }
        return messages;
    }

    private static StoredMessage map(ResultSet rs) throws SQLException {
        UUID fileId = rs.getObject("f_id", UUID.class);
        StoredFile file = fileId == null ? null
                : new StoredFile(fileId, rs.getString("room"), rs.getString("uploader_id"), rs.getString("name"),
                        rs.getLong("size"), rs.getString("content_type"), rs.getString("sha256"), rs.getLong("content"),
                        instant(rs.getTimestamp("f_created_at")));
        return new StoredMessage(rs.getObject("id", UUID.class), rs.getString("room"), rs.getLong("seq"),
                rs.getString("client_id"), rs.getString("request_hash"), rs.getString("sender_id"),
                rs.getString("sender_name"), rs.getString("text"), file, instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("edited_at")), instant(rs.getTimestamp("deleted_at")));
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
