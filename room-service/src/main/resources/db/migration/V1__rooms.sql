-- Rooms and their meetings. A meeting is one instance of a room: it starts when the room is
-- created or reopened and ends when a host ends it (or an admin closes the room). Removals,
-- co-hosts and lobby requests belong to one meeting, so they reset when a new meeting starts.

CREATE TABLE rooms (
    id                 uuid PRIMARY KEY,
    slug               varchar(12)  NOT NULL UNIQUE,
    name               varchar(100) NOT NULL,
    owner_id           uuid         NOT NULL,
    owner_name         varchar(200) NOT NULL,
    passcode_hash      varchar(100),
    media_mode         varchar(8)   NOT NULL CHECK (media_mode IN ('AUTO', 'P2P', 'SFU')),
    max_participants   integer      NOT NULL CHECK (max_participants BETWEEN 2 AND 500),
    guests_allowed     boolean      NOT NULL,
    lobby_enabled      boolean      NOT NULL,
    scheduled_start    timestamptz,
    locked             boolean      NOT NULL,
    -- the open meeting; NULL while the room is closed. No foreign key: meetings reference
    -- rooms (ON DELETE CASCADE) and a cycle would make deleting a room awkward.
    current_meeting_id uuid,
    created_at         timestamptz  NOT NULL,
    updated_at         timestamptz  NOT NULL
);
CREATE INDEX rooms_owner_idx ON rooms (owner_id, created_at DESC);
CREATE INDEX rooms_created_idx ON rooms (created_at DESC);

CREATE TABLE meetings (
    id         uuid PRIMARY KEY,
    room_id    uuid        NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    started_at timestamptz NOT NULL,
    ended_at   timestamptz,
    end_reason varchar(20)
);
CREATE INDEX meetings_room_idx ON meetings (room_id, started_at DESC);

-- Users a host removed: refused by join and token renewal for the rest of the meeting.
CREATE TABLE meeting_removals (
    id         uuid PRIMARY KEY,
    meeting_id uuid        NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    user_id    uuid        NOT NULL,
    removed_by uuid        NOT NULL,
    removed_at timestamptz NOT NULL,
    UNIQUE (meeting_id, user_id)
);

-- Co-hosts have the owner's host rights for one meeting.
CREATE TABLE meeting_cohosts (
    id          uuid PRIMARY KEY,
    meeting_id  uuid         NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    user_id     uuid         NOT NULL,
    promoted_by uuid         NOT NULL,
    promoted_at timestamptz  NOT NULL,
    UNIQUE (meeting_id, user_id)
);

CREATE TABLE lobby_requests (
    id           uuid PRIMARY KEY,
    meeting_id   uuid         NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    user_id      uuid         NOT NULL,
    name         varchar(200) NOT NULL,
    guest        boolean      NOT NULL,
    status       varchar(10)  NOT NULL CHECK (status IN ('WAITING', 'ADMITTED', 'DENIED')),
    created_at   timestamptz  NOT NULL,
    -- refreshed by every poll: hosts only see requests whose user is still polling
    last_seen_at timestamptz  NOT NULL,
    decided_at   timestamptz,
    decided_by   uuid
);
CREATE INDEX lobby_requests_meeting_idx ON lobby_requests (meeting_id, status, created_at);
CREATE INDEX lobby_requests_user_idx ON lobby_requests (meeting_id, user_id);
