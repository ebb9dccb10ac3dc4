package dev.convene.chat.model;

import java.util.List;

/**
 * A page of history, always oldest first. {@code lastSeq}: the room's newest seq when the page
 * was read; {@code hasMore}: more messages exist beyond the page in the direction asked.
 */
public record HistoryPage(List<MessageView> messages, long lastSeq, boolean hasMore) {
}
