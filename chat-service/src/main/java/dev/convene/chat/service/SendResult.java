package dev.convene.chat.service;

import dev.convene.chat.model.MessageView;

/**
 * A send's outcome: {@code created} false when it repeated an earlier send (same client id).
 * {@code json}: the message exactly as the API writes it, when it was already serialised (a new
 * text message: the same JSON as its announcement, so it is serialised once), else null.
 */
public record SendResult(MessageView message, boolean created, String json) {

    public SendResult(MessageView message, boolean created) {
        this(message, created, null);
    }
}
