package dev.convene.room.service;

import dev.convene.room.entity.LobbyRequest;
import dev.convene.room.entity.MeetingRemoval;
import dev.convene.room.entity.Room;
import dev.convene.room.presence.PresenceReader;
import dev.convene.room.security.Caller;
import dev.convene.room.security.RoomRole;
import dev.convene.room.security.RoomTokens;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who may enter a meeting, and on what terms. The order of checks is part of the contract
 * (docs/room-service.md, "Join"): hosts pass everything but a closed room; everyone else
 * meets removal, guests, lock, passcode, capacity and lobby in that order.
 */
@ApplicationScoped
public class JoinService {

    @Inject
    RoomGuard guard;

    @Inject
    PasscodeThrottle throttle;

    @Inject
    PresenceReader presence;

    @Inject
    LobbyService lobby;

    @Inject
    RoomTokens tokens;

    @Transactional
    public JoinOutcome join(Caller caller, String slug, String passcode) {
        Room room = guard.find(slug);
        guard.requireOpen(room);
        if (guard.isHost(room, caller.userId())) {
            return joined(room, caller, RoomRole.HOST);
        }
        if (MeetingRemoval.exists(room.currentMeetingId, caller.userId())) {
            throw RoomErrors.removed();
        }
        if (caller.guest() && !room.guestsAllowed) {
            throw RoomErrors.guestsNotAllowed();
        }
        if (room.locked) {
            throw RoomErrors.roomLocked();
        }
        checkPasscode(room, caller, passcode);
        checkCapacity(room, caller);
        if (room.lobbyEnabled && !LobbyRequest.admitted(room.currentMeetingId, caller.userId())) {
            return lobby.enqueue(room, caller);
        }
        return joined(room, caller, RoomRole.PARTICIPANT);
    }

    /**
     * A new room token for someone already in the meeting, without passcode, lock, capacity
     * or lobby: only the meeting must be the same and the user not removed. The role is
     * recomputed, so a promotion to co-host (or its withdrawal) takes effect here.
     */
    @Transactional
    public JoinOutcome.Joined renew(Caller caller, String slug, String roomToken) {
        JsonWebToken previous = tokens.readForRenewal(roomToken).orElseThrow(RoomErrors::invalidRoomToken);
        if (!slug.equals(previous.getClaim(RoomTokens.CLAIM_ROOM))
                || !caller.userId().toString().equals(previous.getSubject())) {
            throw RoomErrors.invalidRoomToken();
        }
        Room room = guard.find(slug);
        guard.requireOpen(room);
        if (!room.currentMeetingId.toString().equals(previous.getClaim(RoomTokens.CLAIM_MEETING))) {
            throw RoomErrors.invalidRoomToken();
        }
        if (guard.isHost(room, caller.userId())) {
            return joined(room, caller, RoomRole.HOST);
        }
        if (MeetingRemoval.exists(room.currentMeetingId, caller.userId())) {
            throw RoomErrors.removed();
        }
        return joined(room, caller, RoomRole.PARTICIPANT);
    }

    private void checkPasscode(Room room, Caller caller, String passcode) {
        if (!room.hasPasscode()) {
            return;
        }
        throttle.checkAllowed(room.slug, caller.userId());
        if (passcode == null || passcode.isEmpty()) {
            throw RoomErrors.passcodeRequired();
        }
        if (!BcryptUtil.matches(passcode, room.passcodeHash)) {
            throttle.recordFailure(room.slug, caller.userId());
            throw RoomErrors.wrongPasscode();
        }
        throttle.recordSuccess(room.slug, caller.userId());
    }

    // Capacity counts distinct users connected now (presence); someone already connected
    // (a second tab, a reconnect) is never refused for it.
    private void checkCapacity(Room room, Caller caller) {
        Set<String> present = presence.users(room.slug);
        if (!present.contains(caller.userId().toString()) && present.size() >= room.maxParticipants) {
            throw RoomErrors.roomFull();
        }
    }

    private JoinOutcome.Joined joined(Room room, Caller caller, RoomRole role) {
        return new JoinOutcome.Joined(room, tokens.issue(caller, room, role));
    }
}
