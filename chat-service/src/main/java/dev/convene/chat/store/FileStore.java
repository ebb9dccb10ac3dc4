package dev.convene.chat.store;

import dev.convene.chat.entity.StoredFile;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.largeobject.LargeObject;
import org.postgresql.largeobject.LargeObjectManager;

/**
 * File bytes as PostgreSQL large objects: written and read in chunks (never whole in memory),
 * transactional with the message that shows them, readable by every replica, seekable for
 * range requests. Large objects need a transaction for every access.
 */
@ApplicationScoped
public class FileStore {

    /** Creates an empty large object and opens it for writing. */
    public LargeObject create(Connection c) throws SQLException {
        LargeObjectManager objects = c.unwrap(PGConnection.class).getLargeObjectAPI();
        long oid = objects.createLO(LargeObjectManager.READWRITE);
        return objects.open(oid, LargeObjectManager.WRITE);
    }

    public void insert(Connection c, StoredFile file) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO chat_files (id, room, uploader_id, name, size, content_type, sha256, content, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setObject(1, file.id());
            ps.setString(2, file.room());
            ps.setString(3, file.uploaderId());
            ps.setString(4, file.name());
            ps.setLong(5, file.size());
            ps.setString(6, file.contentType());
            ps.setString(7, file.sha256());
            ps.setLong(8, file.content());
            ps.setTimestamp(9, Timestamp.from(file.createdAt()));
            ps.executeUpdate();
        }
    }

    /** The file, if its message still shows it (files of deleted messages are gone). */
    public Optional<StoredFile> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM chat_files WHERE id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredFile(rs.getObject("id", UUID.class), rs.getString("room"),
                        rs.getString("uploader_id"), rs.getString("name"), rs.getLong("size"),
                        rs.getString("content_type"), rs.getString("sha256"), rs.getLong("content"),
                        MessageStore.instant(rs.getTimestamp("created_at"))));
            }
        }
    }

    /** Copies {@code length} bytes from {@code offset} to {@code out}, 64 KiB at a time (inside a transaction). */
    public void copy(Connection c, long oid, long offset, long length, OutputStream out)
            throws SQLException, IOException {
        LargeObjectManager objects = c.unwrap(PGConnection.class).getLargeObjectAPI();
        LargeObject object = objects.open(oid, LargeObjectManager.READ);
        try {
            object.seek64(offset, LargeObject.SEEK_SET);
            byte[] buffer = new byte[64 * 1024];
            long remaining = length;
            while (remaining > 0) {
                int read = object.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (read <= 0) {
                    break;
                }
                out.write(buffer, 0, read);
                remaining -= read;
            }
        } finally {
            object.close();
        }
    }

    /** Deletes the files and their bytes. */
    public void delete(Connection c, Collection<UUID> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "WITH gone AS (DELETE FROM chat_files WHERE id = ANY (?) RETURNING content) SELECT lo_unlink(content) FROM gone")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            ps.executeQuery().close();
        }
    }

    /** Deletes every file of the room and their bytes. */
    public int purgeRoom(Connection c, String room) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "WITH gone AS (DELETE FROM chat_files WHERE room = ? RETURNING content) SELECT count(lo_unlink(content)) FROM gone")) {
            ps.setString(1, room);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
