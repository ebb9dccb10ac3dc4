package dev.convene.chat.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which tokens a removal refuses: the user's, for that room, issued up to the removal's second. */
class RemovedParticipantsTest {

    @Test
    void refusesTokensIssuedUpToTheRemovalOfThatUserInThatRoomOnly() {
        RemovedParticipants removed = new RemovedParticipants();
        long at = System.currentTimeMillis() - 10_000;
        long atSecond = at / 1000;
        removed.removed("room-a", "bob", at);

        assertTrue(removed.refuses("room-a", "bob", atSecond - 200), "issued before");
        assertTrue(removed.refuses("room-a", "bob", atSecond), "issued in the removal's second");
        assertFalse(removed.refuses("room-a", "bob", atSecond + 1), "issued after: a later meeting");
        assertFalse(removed.refuses("room-b", "bob", atSecond - 200), "another room");
        assertFalse(removed.refuses("room-a", "alice", atSecond - 200), "another user");

        removed.removed("room-a", "bob", at - 60_000); // an older duplicate does not move it back
        assertTrue(removed.refuses("room-a", "bob", atSecond));
    }

    @Test
    void forgetsRemovalsOlderThanAnyTokenCanBe() {
        RemovedParticipants removed = new RemovedParticipants();
        long old = System.currentTimeMillis() - RemovedParticipants.KEEP_MILLIS - 1000;
        removed.removed("room-a", "bob", old);
        assertFalse(removed.refuses("room-a", "bob", old / 1000 - 10), "no token issued then is still valid");
    }
}
