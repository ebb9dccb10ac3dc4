package dev.convene.chat.security;

/** Room-token grants chat-service enforces (issued by room-service, docs/room-service.md). */
public final class Grants {
    /** send, edit and delete own messages, react */
    public static final String CHAT = "chat";
    /** upload files (guests do not get it by default) */
    public static final String FILES = "files";

    private Grants() {
    }
}
