package dev.convene.room.service;

import dev.convene.common.error.ApiException;

/** room-service's refusals: stable codes the client branches on (docs/room-service.md). */
public final class RoomErrors {

    public static final String ROOM_NOT_FOUND = "room_not_found";
    public static final String NOT_HOST = "not_host";
    public static final String NOT_OWNER = "not_owner";
    public static final String PASSCODE_REQUIRED = "passcode_required";
    public static final String WRONG_PASSCODE = "wrong_passcode";
    public static final String TOO_MANY_ATTEMPTS = "too_many_attempts";
    public static final String ROOM_LOCKED = "room_locked";
    public static final String ROOM_FULL = "room_full";
    public static final String GUESTS_NOT_ALLOWED = "guests_not_allowed";
    public static final String ROOM_CLOSED = "room_closed";
    public static final String ROOM_OPEN = "room_open";
    public static final String REMOVED_FROM_MEETING = "removed_from_meeting";
    public static final String LOBBY_DENIED = "lobby_denied";
    public static final String LOBBY_REQUEST_NOT_FOUND = "lobby_request_not_found";
    public static final String LOBBY_REQUEST_DECIDED = "lobby_request_decided";
    public static final String CANNOT_TARGET_OWNER = "cannot_target_owner";
    public static final String INVALID_ROOM_TOKEN = "invalid_room_token";

    private RoomErrors() {
    }

    public static ApiException roomNotFound() {
        return new ApiException(404, ROOM_NOT_FOUND, "There is no room at this link");
    }

    public static ApiException notHost() {
        return new ApiException(403, NOT_HOST, "Only the room's host can do this");
    }

    public static ApiException notOwner() {
        return new ApiException(403, NOT_OWNER, "Only the room's owner can do this");
    }

    public static ApiException passcodeRequired() {
        return new ApiException(403, PASSCODE_REQUIRED, "This room needs a passcode");
    }

    public static ApiException wrongPasscode() {
        return new ApiException(403, WRONG_PASSCODE, "The passcode is not correct");
    }

    public static ApiException roomLocked() {
        return new ApiException(403, ROOM_LOCKED, "The host has locked this meeting");
    }

    public static ApiException roomFull() {
        return new ApiException(409, ROOM_FULL, "The meeting is full");
    }

    public static ApiException guestsNotAllowed() {
        return new ApiException(403, GUESTS_NOT_ALLOWED, "This room does not admit guests: sign in to join");
    }

    public static ApiException roomClosed() {
        return new ApiException(409, ROOM_CLOSED, "The meeting has ended");
    }

    public static ApiException roomOpen() {
        return new ApiException(409, ROOM_OPEN, "The room is already open");
    }

    public static ApiException removed() {
        return new ApiException(403, REMOVED_FROM_MEETING, "A host removed you from this meeting");
    }

    public static ApiException lobbyDenied() {
        return new ApiException(403, LOBBY_DENIED, "The host did not let you in");
    }

    public static ApiException lobbyRequestNotFound() {
        return new ApiException(404, LOBBY_REQUEST_NOT_FOUND, "No such waiting request");
    }

    public static ApiException lobbyRequestDecided() {
        return new ApiException(409, LOBBY_REQUEST_DECIDED, "This request was already decided");
    }

    public static ApiException cannotTargetOwner() {
        return new ApiException(409, CANNOT_TARGET_OWNER, "This cannot be done to the room's owner");
    }

    public static ApiException invalidRoomToken() {
        return new ApiException(403, INVALID_ROOM_TOKEN, "The room token cannot be renewed: join again");
    }
}
