package dev.convene.chat.entity;

import java.time.Instant;
import java.util.UUID;

/** A row of chat_files; {@code content} is the large object holding the bytes. */
public record StoredFile(UUID id, String room, String uploaderId, String name, long size, String contentType,
        String sha256, long content, Instant createdAt) {
}
