package dev.convene.chat.model;

public record PurgeResult(String room, int messagesDeleted, int filesDeleted) {
}
