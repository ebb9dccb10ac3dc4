package dev.convene.chat.model;

/** Body of a send or an edit. */
public record SendMessageRequest(String text) {
}
