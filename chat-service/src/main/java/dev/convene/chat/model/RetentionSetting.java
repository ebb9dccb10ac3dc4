package dev.convene.chat.model;

/** Messages and files older than {@code days} are deleted; 0 keeps everything. */
public record RetentionSetting(int days) {
}
