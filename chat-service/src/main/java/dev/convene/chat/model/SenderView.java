package dev.convene.chat.model;

import io.quarkus.runtime.annotations.RegisterForReflection;

// Also serialised by ObjectMapper into outbox payloads (outside REST): native images need it.
@RegisterForReflection
public record SenderView(String id, String name) {
}
