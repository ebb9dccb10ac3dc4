-- Accounts, sessions (refresh-token families), refresh tokens and password-reset tokens.
-- Secrets are never stored: passwords as bcrypt hashes, tokens as SHA-256 hex digests.

CREATE TABLE users (
    id                  uuid PRIMARY KEY,
    -- stored lower-case, so plain unique indexes make them unique case-insensitively
    username            varchar(64)  NOT NULL CHECK (username = lower(username)),
    email               varchar(254) CHECK (email = lower(email)),
    display_name        varchar(64)  NOT NULL,
    password_hash       varchar(100),
    admin               boolean      NOT NULL DEFAULT false,
    status              varchar(16)  NOT NULL CHECK (status IN ('ACTIVE', 'DISABLED', 'DELETED')),
    created_at          timestamptz  NOT NULL,
    updated_at          timestamptz  NOT NULL,
    last_login_at       timestamptz,
    password_changed_at timestamptz,
    deleted_at          timestamptz,
    -- an anonymised (deleted) account keeps its row but no personal data and no password
    CHECK (status <> 'DELETED' OR (email IS NULL AND password_hash IS NULL AND NOT admin)),
    CHECK (status = 'DELETED' OR (email IS NOT NULL AND password_hash IS NOT NULL))
);
CREATE UNIQUE INDEX users_username_key ON users (username);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE INDEX users_created_at_idx ON users (created_at);

-- One session per login: the family of refresh tokens that rotate from it.
CREATE TABLE sessions (
    id            uuid PRIMARY KEY,
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL,
    -- absolute end of the session, whatever the rotations
    expires_at    timestamptz NOT NULL,
    last_used_at  timestamptz NOT NULL,
    revoked_at    timestamptz,
    revoke_reason varchar(32)
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_at_idx ON sessions (expires_at);

CREATE TABLE refresh_tokens (
    id         uuid PRIMARY KEY,
    session_id uuid        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    token_hash varchar(64) NOT NULL CHECK (char_length(token_hash) = 64),
    issued_at  timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    -- set when the token was exchanged for its successor; presenting it again is reuse
    rotated_at timestamptz
);
CREATE UNIQUE INDEX refresh_tokens_hash_key ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

CREATE TABLE password_reset_tokens (
    id         uuid PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash varchar(64) NOT NULL CHECK (char_length(token_hash) = 64),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE UNIQUE INDEX password_reset_tokens_hash_key ON password_reset_tokens (token_hash);
CREATE INDEX password_reset_tokens_user_idx ON password_reset_tokens (user_id);
