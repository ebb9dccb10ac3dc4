package dev.convene.chat.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code mine} is present only in answers to a participant (never in events, which go to everyone). */
// Also serialised by ObjectMapper into outbox payloads (outside REST): native images need it.
@RegisterForReflection
public record ReactionView(String emoji, int count, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean mine) {
}
