package dev.convene.room.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class GrantTest {

    @Test
    void grantsFollowRoleAndGuestStatus() {
        assertEquals(List.of("publish", "screen", "chat", "files", "record", "moderate"),
                Grant.forRole(RoomRole.HOST, false));
        assertEquals(List.of("publish", "screen", "chat", "files", "record", "moderate"),
                Grant.forRole(RoomRole.HOST, true));
        assertEquals(List.of("publish", "screen", "chat", "files"), Grant.forRole(RoomRole.PARTICIPANT, false));
        assertEquals(List.of("publish", "screen", "chat"), Grant.forRole(RoomRole.PARTICIPANT, true));
    }
}
