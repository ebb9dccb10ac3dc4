package dev.convene.chat.model;

import dev.convene.chat.entity.ReactionCount;
import dev.convene.chat.entity.StoredMessage;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A message as the REST API and the Redis events show it. A deleted message is a tombstone:
 * it keeps its id and seq (so catch-up stays gap-free) but has no text, attachment or reactions.
 */
// Also serialised by ObjectMapper into outbox payloads (outside REST): native images need it.
@RegisterForReflection
public record MessageView(UUID id, String clientId, long seq, SenderView sender, String text, Instant createdAt,
        Instant editedAt, boolean deleted, List<ReactionView> reactions, AttachmentView attachment) {

    /** @param withMine whether to say which reactions are the viewer's (REST answers), or not (events) */
    public static MessageView of(StoredMessage m, List<ReactionCount> reactions, boolean withMine) {
        AttachmentView attachment = m.file() == null ? null
                : new AttachmentView(m.file().id(), m.file().name(), m.file().size(), m.file().contentType(),
                        m.file().sha256());
        List<ReactionView> views = m.deleted() ? List.of()
                : reactions.stream()
                        .filter(r -> r.messageId().equals(m.id()))
                        .map(r -> new ReactionView(r.emoji(), r.count(), withMine ? r.mine() : null))
                        .toList();
        return new MessageView(m.id(), m.clientId(), m.seq(), new SenderView(m.senderId(), m.senderName()),
                m.deleted() ? null : m.text(), m.createdAt(), m.editedAt(), m.deleted(), views,
                m.deleted() ? null : attachment);
    }
}
