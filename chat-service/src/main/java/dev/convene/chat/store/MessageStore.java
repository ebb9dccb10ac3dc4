package dev.convene.chat.store;

import dev.convene.chat.entity.ReactionCount;
import dev.convene.chat.entity.StoredFile;
import dev.convene.chat.entity.StoredMessage;
import dev.convene.chat.events.ChatEventTypes;
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

    /** Marks the seq in a payload serialised before the seq was known ({@link #insertBatch}). */
    public static final long SEQ_PLACEHOLDER = -1;
    private static final String SEQ_MARKER = "\"seq\":" + SEQ_PLACEHOLDER + ",";

    /** The payload with the seq put in place of {@link #SEQ_PLACEHOLDER} (exactly as the SQL of {@link #insertBatch} does). */
    public static String withSeq(String payload, long seq) {
        return payload.replace(SEQ_MARKER, "\"seq\":" + seq + ",");
    }

    /**
     * A text message to store: seq {@link #SEQ_PLACEHOLDER}, and its announcement, whose payload
     * was serialised with that placeholder (the statement puts the seq in).
     */
    public record NewMessage(StoredMessage message, Outbox.Entry announcement) {
    }

    /** What {@link #insertBatch} stored for one message: the seq it took and its outbox row. */
    public record Inserted(long seq, long outboxRow) {
    }

    /**
     * Stores a batch of new text messages, and their announcements, in the caller's transaction
     * — one round trip for the whole batch (group commit: the batch then shares one commit and
     * so one WAL flush). Two statements, sent together:
     * <ol>
     * <li>locks the counter rows of the batch's rooms, in name order (creating missing ones), so
     * concurrent batches — other replicas, file uploads — never deadlock and every other insert
     * into these rooms waits for this transaction;</li>
     * <li>in a new snapshot, which therefore sees every message committed before the locks were
     * granted: skips the messages whose sender already used the client id in the room, numbers
     * the others per room in batch order right after the room's last seq, inserts them and their
     * announcements and advances the counters. Nothing can conflict any more, so every number
     * taken is used: sequences stay dense.</li>
     * </ol>
     * A rollback restores the counters with everything else.
     *
     * @param batch messages with distinct (room, sender, client id)
     * @return per message, in batch order: what was inserted, or null when the sender had
     *         already used that client id in the room (nothing stored for it)
     */
    public List<Inserted> insertBatch(Connection c, List<NewMessage> batch) throws SQLException {
        int n = batch.size();
        Object[] ordinal = new Object[n];
        Object[] ids = new Object[n];
        Object[] rooms = new Object[n];
        Object[] clientIds = new Object[n];
        Object[] hashes = new Object[n];
        Object[] senders = new Object[n];
        Object[] names = new Object[n];
        Object[] texts = new Object[n];
        Object[] createdAt = new Object[n];
        Object[] eventIds = new Object[n];
        Object[] payloads = new Object[n];
        for (int i = 0; i < n; i++) {
            StoredMessage m = batch.get(i).message();
            ordinal[i] = i;
            ids[i] = m.id();
            rooms[i] = m.room();
            clientIds[i] = m.clientId();
            hashes[i] = m.requestHash();
            senders[i] = m.senderId();
            names[i] = m.senderName();
            texts[i] = m.text();
            createdAt[i] = m.createdAt().toString(); // ISO-8601 UTC, microseconds: exact as timestamptz
            eventIds[i] = batch.get(i).announcement().eventId();
            payloads[i] = batch.get(i).announcement().payload();
        }
        String[] lockOrder = batch.stream().map(b -> b.message().room()).distinct().sorted().toArray(String[]::new);
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO chat_rooms AS r (room, last_seq) SELECT room, 0 FROM unnest(?::text[]) AS room
                ON CONFLICT (room) DO UPDATE SET last_seq = r.last_seq;
                WITH input AS (
                  SELECT * FROM unnest(?::int[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                       ?::text[], ?::uuid[], ?::text[])
                    AS i (n, id, room, client_id, request_hash, sender_id, sender_name, text, created_at, event_id, payload)),
                fresh AS (
                  SELECT i.*, row_number() OVER (PARTITION BY i.room ORDER BY i.n) AS k FROM input i
                  WHERE NOT EXISTS (SELECT 1 FROM chat_messages m
                                    WHERE m.room = i.room AND m.sender_id = i.sender_id AND m.client_id = i.client_id)),
                counter AS (
                  UPDATE chat_rooms r SET last_seq = r.last_seq + f.count
                  FROM (SELECT room, count(*) AS count FROM fresh GROUP BY room) f
                  WHERE r.room = f.room
                  RETURNING r.room, r.last_seq - f.count AS before),
                message AS (
                  INSERT INTO chat_messages (id, room, seq, client_id, request_hash, sender_id, sender_name, text, created_at)
                  SELECT f.id, f.room, c.before + f.k, f.client_id, f.request_hash, f.sender_id, f.sender_name, f.text,
                         f.created_at::timestamptz
                  FROM fresh f JOIN counter c ON c.room = f.room
                  RETURNING id, seq),
                announcement AS (
                  INSERT INTO chat_outbox (event_id, type, room, payload)
                  SELECT f.event_id, ?, f.room, replace(f.payload, ?, '"seq":' || m.seq || ',')
                  FROM fresh f JOIN message m ON m.id = f.id
                  ORDER BY f.n -- outbox ids in seq order within each room (the poller publishes in id order)
                  RETURNING id, event_id)
                SELECT f.n, m.seq, a.id FROM fresh f JOIN message m ON m.id = f.id JOIN announcement a ON a.event_id = f.event_id
                """)) {
            ps.setArray(1, c.createArrayOf("text", lockOrder));
            ps.setArray(2, c.createArrayOf("int4", ordinal));
            ps.setArray(3, c.createArrayOf("uuid", ids));
            ps.setArray(4, c.createArrayOf("text", rooms));
            ps.setArray(5, c.createArrayOf("text", clientIds));
            ps.setArray(6, c.createArrayOf("text", hashes));
            ps.setArray(7, c.createArrayOf("text", senders));
            ps.setArray(8, c.createArrayOf("text", names));
            ps.setArray(9, c.createArrayOf("text", texts));
            ps.setArray(10, c.createArrayOf("text", createdAt));
            ps.setArray(11, c.createArrayOf("uuid", eventIds));
            ps.setArray(12, c.createArrayOf("text", payloads));
            ps.setString(13, ChatEventTypes.MESSAGE_CREATED);
            ps.setString(14, SEQ_MARKER);
            ps.execute(); // the lock statement's update count
            if (!ps.getMoreResults()) {
                throw new SQLException("the batch insert returned no rows");
            }
            List<Inserted> inserted = new ArrayList<>(java.util.Collections.nCopies(n, null));
            try (ResultSet rs = ps.getResultSet()) {
                while (rs.next()) {
                    inserted.set(rs.getInt(1), new Inserted(rs.getLong(2), rs.getLong(3)));
                }
            }
            return inserted;
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
