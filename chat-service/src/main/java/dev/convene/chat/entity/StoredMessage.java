package dev.convene.chat.entity;

import java.time.Instant;
import java.util.UUID;

/** A row of chat_messages, with its file's row when it is a file message (else null). */
public record StoredMessage(UUID id, String room, long seq, String clientId, String requestHash, String senderId,
        String senderName, String text, StoredFile file, Instant createdAt, Instant editedAt, Instant deletedAt) {

    public boolean deleted() {
        return deletedAt != null;
    }
}
