package dev.convene.chat.service;

import dev.convene.chat.config.ChatConfig;
import dev.convene.chat.entity.ReactionCount;
import dev.convene.chat.entity.StoredMessage;
import dev.convene.chat.events.ChatEventTypes;
import dev.convene.chat.events.Outbox;
import dev.convene.chat.model.HistoryPage;
import dev.convene.chat.model.MessageView;
import dev.convene.chat.security.Grants;
import dev.convene.chat.security.RoomCaller;
import dev.convene.chat.store.Database;
import dev.convene.chat.store.FileStore;
import dev.convene.chat.store.MessageStore;
import dev.convene.common.error.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Messages: send (idempotent, dense seq), history, edit, delete, reactions; every change announced. */
@ApplicationScoped
public class MessageService {

    @Inject
    Database database;
    @Inject
    MessageStore messages;
    @Inject
    FileStore files;
    @Inject
    Outbox outbox;
    @Inject
    ChatConfig config;
    @Inject
    SendBatcher batcher;
    @Inject
    MeterRegistry registry;

    /**
     * Validates and queues the message for the next batch ({@link SendBatcher}); completes once
     * that batch committed — or, when the sender already used the client id, with the stored
     * message (read on a worker thread) or 409. Validation errors are thrown at once.
     */
    public CompletionStage<SendResult> send(RoomCaller caller, String clientId, String text) {
        requireGrant(caller, Grants.CHAT);
        if (!ClientIds.valid(clientId)) {
            throw ChatErrors.invalid("clientId", "must be a UUID or 8-64 characters of A-Z a-z 0-9 _ -");
        }
        String problem = MessageText.problem(text, config.messages().maxLength());
        if (problem != null) {
            throw ChatErrors.invalid("text", problem);
        }
        String requestHash = Hashes.sha256Hex("text:" + text);
        // the seq is taken when the batch is written: until then the message and its
        // announcement carry a placeholder, which the batch's statement (and withSeq) replace
        StoredMessage draft = new StoredMessage(UUID.randomUUID(), caller.room(), MessageStore.SEQ_PLACEHOLDER,
                clientId, requestHash, caller.userId(), caller.name(), text, null, now(), null, null);
        // serialised once: the event's payload {"message": …} and the answer are the same message
        String json = outbox.json(MessageView.of(draft, List.of(), false));
        Outbox.Entry announcement = outbox.entryOfJson(ChatEventTypes.MESSAGE_CREATED, draft.room(),
                "{\"message\":" + json + "}");
        return batcher.submit(new MessageStore.NewMessage(draft, announcement)).thenCompose(seq -> {
            if (seq.isEmpty()) {
                // the sender already used this client id here: the stored message (a retry) or 409
                return CompletableFuture.supplyAsync(() -> database.read(c -> existing(c, draft)),
                        Infrastructure.getDefaultWorkerPool());
            }
            SendResult result = new SendResult(MessageView.of(withSeq(draft, seq.getAsLong()), List.of(), false), true,
                    MessageStore.withSeq(json, seq.getAsLong()));
            afterSend(result, "text");
            return CompletableFuture.completedFuture(result);
        });
    }

    /**
     * Stores a new message (text or file) with the seq already taken in this transaction, or —
     * when the sender already used the client id — undoes the seq and answers with the stored one.
     */
    SendResult create(Connection c, StoredMessage message) throws SQLException {
        MessageView view = MessageView.of(message, List.of(), false);
        Outbox.Entry announcement = outbox.entry(ChatEventTypes.MESSAGE_CREATED, message.room(), Map.of("message", view));
        Long outboxRow = messages.insert(c, message, announcement);
        if (outboxRow != null) {
            outbox.reserve(outboxRow, announcement); // still under the room's counter lock: seq order
            return new SendResult(view, true);
        }
        c.rollback(); // gives the seq back: sequences stay dense
        return existing(c, message);
    }

    /** The sender already used the message's client id: the stored message (same request) or 409. */
    private SendResult existing(Connection c, StoredMessage message) throws SQLException {
        StoredMessage existing = messages.findByClientId(c, message.room(), message.senderId(), message.clientId())
                .orElseThrow(() -> new IllegalStateException("idempotency conflict without a row"));
        if (!existing.requestHash().equals(message.requestHash())) {
            throw new ApiException(409, ChatErrors.CLIENT_ID_CONFLICT,
                    "This client id was already used for a different message");
        }
        return new SendResult(view(c, existing, message.senderId()), false);
    }

    private static StoredMessage withSeq(StoredMessage m, long seq) {
        return new StoredMessage(m.id(), m.room(), seq, m.clientId(), m.requestHash(), m.senderId(), m.senderName(),
                m.text(), m.file(), m.createdAt(), m.editedAt(), m.deletedAt());
    }

    void afterSend(SendResult result, String kind) {
        if (result.created()) {
            registry.counter("chat.messages.persisted", "kind", kind).increment();
        }
    }

    public HistoryPage history(RoomCaller caller, Long after, Long before, Integer limit) {
        if (after != null && before != null) {
            throw ChatErrors.invalid("after", "use either after or before, not both");
        }
        int max = config.history().maxLimit();
        int size = limit == null ? config.history().defaultLimit() : limit;
        if (size < 1 || size > max) {
            throw ChatErrors.invalid("limit", "must be between 1 and " + max);
        }
        if (after != null && after < 0 || before != null && before < 1) {
            throw ChatErrors.invalid(after != null ? "after" : "before", "must be a valid seq");
        }
        String room = caller.room();
        return database.inTransaction(c -> {
            // one snapshot for the page and lastSeq
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            long lastSeq = messages.lastSeq(c, room);
            List<StoredMessage> page;
            boolean hasMore;
            if (after != null) {
                page = messages.after(c, room, after, size + 1);
                hasMore = page.size() > size;
                page = page.subList(0, Math.min(size, page.size()));
            } else {
                page = new ArrayList<>(messages.before(c, room, before != null ? before : Long.MAX_VALUE, size + 1));
                hasMore = page.size() > size;
                page = new ArrayList<>(page.subList(0, Math.min(size, page.size())));
                Collections.reverse(page);
            }
            return new HistoryPage(views(c, page, caller.userId()), lastSeq, hasMore);
        });
    }

    public MessageView edit(RoomCaller caller, UUID messageId, String text) {
        requireGrant(caller, Grants.CHAT);
        String problem = MessageText.problem(text, config.messages().maxLength());
        if (problem != null) {
            throw ChatErrors.invalid("text", problem);
        }
        MessageView edited = outbox.inTransaction(c -> {
            StoredMessage message = lockLive(c, caller.room(), messageId);
            if (!message.senderId().equals(caller.userId())) {
                throw new ApiException(403, ChatErrors.NOT_AUTHOR, "Only the author can edit a message");
            }
            if (message.file() != null) {
                throw new ApiException(409, ChatErrors.NOT_EDITABLE, "File messages cannot be edited");
            }
            if (text.equals(message.text())) {
                return view(c, message, caller.userId()); // nothing changed, nothing to announce
            }
            messages.updateText(c, messageId, text, now());
            StoredMessage updated = messages.findById(c, caller.room(), messageId, false).orElseThrow();
            outbox.append(c, ChatEventTypes.MESSAGE_EDITED, caller.room(), Map.of("message", view(c, updated, null)));
            return view(c, updated, caller.userId());
        });
        return edited;
    }

    /** Own messages (with the chat grant); hosts may delete any message of their room. Repeating a delete is a no-op. */
    public MessageView delete(RoomCaller caller, UUID messageId) {
        MessageView deleted = outbox.inTransaction(c -> {
            StoredMessage message = messages.findById(c, caller.room(), messageId, true)
                    .orElseThrow(ChatErrors::messageNotFound);
            boolean own = message.senderId().equals(caller.userId());
            if (own && !caller.isHost()) {
                requireGrant(caller, Grants.CHAT);
            } else if (!own && !caller.isHost()) {
                throw new ApiException(403, ChatErrors.NOT_AUTHOR, "Only the author or a host can delete a message");
            }
            return tombstone(c, message, caller.userId(), own ? "author" : "host");
        });
        return deleted;
    }

    /** Deletes (tombstones) a message and its file, announcing it; shared with moderation. */
    MessageView tombstone(Connection c, StoredMessage message, String by, String byRole) throws SQLException {
        if (message.deleted()) {
            return view(c, message, null);
        }
        messages.markDeleted(c, message.id(), now());
        if (message.file() != null) {
            files.delete(c, List.of(message.file().id()));
        }
        StoredMessage gone = messages.findById(c, message.room(), message.id(), false).orElseThrow();
        MessageView view = view(c, gone, null);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("message", view);
        payload.put("by", by);
        payload.put("byRole", byRole);
        outbox.append(c, ChatEventTypes.MESSAGE_DELETED, message.room(), payload);
        return view;
    }

    public MessageView react(RoomCaller caller, UUID messageId, String emoji, boolean add) {
        requireGrant(caller, Grants.CHAT);
        if (!Emoji.valid(emoji)) {
            throw ChatErrors.invalid("emoji", "must be a single emoji (at most " + Emoji.MAX_BYTES + " bytes)");
        }
        MessageView result = outbox.inTransaction(c -> {
            StoredMessage message = lockLive(c, caller.room(), messageId);
            boolean changed = add ? messages.addReaction(c, messageId, emoji, caller.userId())
                    : messages.removeReaction(c, messageId, emoji, caller.userId());
            if (changed) {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("message", view(c, message, null));
                payload.put("emoji", emoji);
                payload.put("userId", caller.userId());
                payload.put("added", add);
                outbox.append(c, ChatEventTypes.REACTION_CHANGED, caller.room(), payload);
            }
            return view(c, message, caller.userId());
        });
        return result;
    }

    private StoredMessage lockLive(Connection c, String room, UUID messageId) throws SQLException {
        StoredMessage message = messages.findById(c, room, messageId, true).orElseThrow(ChatErrors::messageNotFound);
        if (message.deleted()) {
            throw new ApiException(409, ChatErrors.MESSAGE_DELETED, "The message was deleted");
        }
        return message;
    }

    MessageView view(Connection c, StoredMessage message, String viewerId) throws SQLException {
        return views(c, List.of(message), viewerId).get(0);
    }

    /** @param viewerId whose reactions are "mine"; null for events */
    private List<MessageView> views(Connection c, List<StoredMessage> page, String viewerId) throws SQLException {
        List<ReactionCount> reactions = messages.reactions(c, page.stream().map(StoredMessage::id).toList(), viewerId);
        return page.stream().map(m -> MessageView.of(m, reactions, viewerId != null)).toList();
    }

    static void requireGrant(RoomCaller caller, String grant) {
        if (!caller.has(grant)) {
            throw ChatErrors.missingGrant(grant);
        }
    }

    /** Microsecond precision: what PostgreSQL stores, so answers equal later reads. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
