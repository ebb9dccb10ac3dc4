package dev.convene.chat.model;

public record SenderView(String id, String name) {
}
