package dev.convene.chat.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code mine} is present only in answers to a participant (never in events, which go to everyone). */
public record ReactionView(String emoji, int count, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean mine) {
}
