package dev.convene.chat.entity;

import java.util.UUID;

/** Reactions with one emoji on one message; {@code mine}: whether the viewer is among them. */
public record ReactionCount(UUID messageId, String emoji, int count, boolean mine) {
}
