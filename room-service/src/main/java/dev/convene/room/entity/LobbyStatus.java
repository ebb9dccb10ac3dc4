package dev.convene.room.entity;

public enum LobbyStatus {
    WAITING,
    ADMITTED,
    DENIED
}
