-- One row per room that ever had a message: the source of the dense per-room sequence.
-- A send increments last_seq inside its transaction (the row lock serialises the room's
-- sends), so a rollback also rolls the counter back: no gaps, no duplicates.
CREATE TABLE chat_rooms (
    room      text   PRIMARY KEY,
    last_seq  bigint NOT NULL
);

-- Uploaded files; the bytes are a PostgreSQL large object (streamed in, any replica serves it).
CREATE TABLE chat_files (
    id            uuid        PRIMARY KEY,
    room          text        NOT NULL,
    uploader_id   text        NOT NULL,
    name          text        NOT NULL,
    size          bigint      NOT NULL,
    content_type  text        NOT NULL,
    sha256        text        NOT NULL,
    content       oid         NOT NULL,
    created_at    timestamptz NOT NULL
);

CREATE TABLE chat_messages (
    id            uuid        PRIMARY KEY,
    room          text        NOT NULL,
    seq           bigint      NOT NULL,
    client_id     text        NOT NULL,
    -- SHA-256 of what the client sent first (text or file), to tell a retry from a conflict
    request_hash  text        NOT NULL,
    sender_id     text        NOT NULL,
    sender_name   text        NOT NULL,
    text          text,                       -- null for files and tombstones
    file_id       uuid        REFERENCES chat_files (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL,
    edited_at     timestamptz,
    deleted_at    timestamptz,
    CONSTRAINT chat_messages_room_seq UNIQUE (room, seq),
    CONSTRAINT chat_messages_idempotency UNIQUE (room, sender_id, client_id)
);
CREATE INDEX chat_messages_created ON chat_messages (created_at);

CREATE TABLE chat_reactions (
    message_id  uuid        NOT NULL REFERENCES chat_messages (id) ON DELETE CASCADE,
    emoji       text        NOT NULL,
    user_id     text        NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (message_id, emoji, user_id)
);

-- Transactional outbox: a change and its announcement commit together; the publisher sends
-- pending rows to Redis in id order and deletes them once Redis acknowledged.
CREATE TABLE chat_outbox (
    id          bigserial   PRIMARY KEY,
    event_id    uuid        NOT NULL,
    type        text        NOT NULL,
    room        text        NOT NULL,
    payload     text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Settings shared by every replica (admin API), e.g. retention_days.
CREATE TABLE chat_settings (
    name   text PRIMARY KEY,
    value  text NOT NULL
);
