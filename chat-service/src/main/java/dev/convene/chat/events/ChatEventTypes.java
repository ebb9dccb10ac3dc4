package dev.convene.chat.events;

/** The event types chat-service publishes on {@code {prefix}:room:{slug}} (docs/chat-service.md). */
public final class ChatEventTypes {
    public static final String MESSAGE_CREATED = "chat.message.created";
    public static final String MESSAGE_EDITED = "chat.message.edited";
    public static final String MESSAGE_DELETED = "chat.message.deleted";
    public static final String REACTION_CHANGED = "chat.reaction.changed";
    public static final String ROOM_PURGED = "chat.room.purged";

    /** the envelope's {@code sender} */
    public static final String SENDER = "chat-service";

    private ChatEventTypes() {
    }
}
