package dev.convene.chat.model;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

/** A file message's file; download it at {@code GET /api/chat/files/{fileId}}. */
// Also serialised by ObjectMapper into outbox payloads (outside REST): native images need it.
@RegisterForReflection
public record AttachmentView(UUID fileId, String name, long size, String contentType, String sha256) {
}
