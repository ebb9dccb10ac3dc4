package dev.convene.chat.service;

import dev.convene.chat.model.MessageView;

/** A send's outcome: {@code created} false when it repeated an earlier send (same client id). */
public record SendResult(MessageView message, boolean created) {
}
