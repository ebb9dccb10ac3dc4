package dev.convene.auth.entity;

/** Lifecycle of an account. DELETED accounts are anonymised rows kept for referential integrity. */
public enum AccountStatus {
    ACTIVE,
    DISABLED,
    DELETED
}
