package dev.convene.chat.model;

import java.util.UUID;

/** A file message's file; download it at {@code GET /api/chat/files/{fileId}}. */
public record AttachmentView(UUID fileId, String name, long size, String contentType, String sha256) {
}
