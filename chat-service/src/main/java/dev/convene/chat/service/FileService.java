package dev.convene.chat.service;

import dev.convene.chat.config.ChatConfig;
import dev.convene.chat.entity.StoredFile;
import dev.convene.chat.entity.StoredMessage;
import dev.convene.chat.security.Grants;
import dev.convene.chat.security.RoomCaller;
import dev.convene.chat.store.Database;
import dev.convene.chat.store.FileStore;
import dev.convene.chat.store.MessageStore;
import dev.convene.common.error.ApiException;
import dev.convene.common.error.ErrorCodes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;
import org.postgresql.largeobject.LargeObject;

/**
 * Files: the upload is streamed in 64 KiB chunks into a large object while it is hashed,
 * counted against the limit and its first bytes kept for sniffing; the file row and its chat
 * message commit together, so a failed or oversized upload leaves nothing behind.
 */
@ApplicationScoped
public class FileService {

    private static final int CHUNK = 64 * 1024;

    @Inject
    Database database;
    @Inject
    FileStore files;
    @Inject
    MessageStore messages;
    @Inject
    MessageService messageService;
    @Inject
    dev.convene.chat.events.Outbox outbox;
    @Inject
    ChatConfig config;

    public long maxSize() {
        return config.files().maxSize().asLongValue();
    }

    /**
     * @param name          the client's file name (already percent-decoded), sanitised here
     * @param clientId      optional: makes the upload idempotent like a send (null: a new id)
     * @param contentLength the declared length, checked before reading anything (null: chunked)
     */
    public SendResult upload(RoomCaller caller, String name, String clientId, Long contentLength, InputStream body) {
        MessageService.requireGrant(caller, Grants.FILES);
        String id = clientId == null ? UUID.randomUUID().toString() : clientId;
        if (!ClientIds.valid(id)) {
            throw ChatErrors.invalid("clientId", "must be a UUID or 8-64 characters of A-Z a-z 0-9 _ -");
        }
        long max = maxSize();
        if (contentLength != null && contentLength > max) {
            throw ChatErrors.payloadTooLarge(max);
        }
        String safeName = FileNames.sanitize(name);
        SendResult result = outbox.inTransaction(c -> {
            StoredFile file = store(c, caller, safeName, body, max);
            StoredMessage message = new StoredMessage(UUID.randomUUID(), caller.room(),
                    messages.nextSeq(c, caller.room()), id, Hashes.sha256Hex("file:" + file.sha256() + ":" + safeName),
                    caller.userId(), caller.name(), null, file, file.createdAt(), null, null);
            return messageService.create(c, message);
        });
        messageService.afterSend(result, "file");
        return result;
    }

    private StoredFile store(Connection c, RoomCaller caller, String name, InputStream body, long max)
            throws SQLException {
        LargeObject object = files.create(c);
        MessageDigest sha256 = Hashes.sha256();
        byte[] head = new byte[ContentTypes.SNIFF_BYTES];
        int headLength = 0;
        long size = 0;
        byte[] chunk = new byte[CHUNK];
        try {
            int read;
            while ((read = body.read(chunk)) != -1) {
                size += read;
                if (size > max) {
                    throw ChatErrors.payloadTooLarge(max); // also without (or with a false) Content-Length
                }
                if (headLength < head.length) {
                    int copy = Math.min(read, head.length - headLength);
                    System.arraycopy(chunk, 0, head, headLength, copy);
                    headLength += copy;
                }
                sha256.update(chunk, 0, read);
                object.write(chunk, 0, read);
            }
        } catch (IOException e) {
            throw new ApiException(400, ErrorCodes.MALFORMED_REQUEST, "The upload was interrupted");
        } finally {
            object.close();
        }
        if (size == 0) {
            throw ChatErrors.invalid("file", "must not be empty");
        }
        StoredFile file = new StoredFile(UUID.randomUUID(), caller.room(), caller.userId(), name, size,
                ContentTypes.sniff(head, headLength), HexFormat.of().formatHex(sha256.digest()), object.getLongOID(),
                MessageService.now());
        files.insert(c, file);
        return file;
    }

    /** The file, for a caller holding a token of the file's room (403 wrong_room otherwise). */
    public StoredFile find(RoomCaller caller, UUID fileId) {
        StoredFile file = database.read(c -> files.find(c, fileId)).orElseThrow(ChatErrors::fileNotFound);
        if (!file.room().equals(caller.room())) {
            throw ChatErrors.wrongRoom();
        }
        return file;
    }

    /** Streams part of the file to {@code out} (large objects are read inside a transaction). */
    public void copy(StoredFile file, long offset, long length, OutputStream out) throws IOException {
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try {
                files.copy(c, file.content(), offset, length, out);
            } finally {
                c.rollback(); // read-only
            }
        } catch (SQLException e) {
            throw new IOException("Reading file " + file.id() + " failed", e);
        }
    }
}
