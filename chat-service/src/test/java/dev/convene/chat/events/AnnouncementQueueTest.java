package dev.convene.chat.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The fast path's ordering rules, without threads or clocks. */
class AnnouncementQueueTest {

    private static AnnouncementQueue.Ticket reserve(AnnouncementQueue q, long row, String room) {
        return q.reserve(row, new Outbox.Entry(UUID.randomUUID(), "chat.message.created", room, "{}"));
    }

    private static List<Long> rows(List<AnnouncementQueue.Ticket> tickets) {
        return tickets.stream().map(AnnouncementQueue.Ticket::rowId).toList();
    }

    @Test
    void anUncommittedTransactionHoldsBackItsRoomOnly() throws Exception {
        AnnouncementQueue q = new AnnouncementQueue(100);
        var a1 = reserve(q, 1, "a");
        var b1 = reserve(q, 2, "b");
        var a2 = reserve(q, 3, "a");
        var b2 = reserve(q, 4, "b");
        // a2 and b1, b2 committed before a1 (a thread that committed a1 was slower to report it)
        q.committed(List.of(a2));
        q.committed(List.of(b1));
        q.committed(List.of(b2));
        assertEquals(List.of(2L, 4L), rows(q.take(10, 0)), "room b goes, room a waits for seq order");
        q.published(q.take(10, 0));
        assertEquals(List.of(), rows(q.take(10, 0)));
        q.committed(List.of(a1));
        assertEquals(List.of(1L, 3L), rows(q.take(10, 0)), "then a in reservation (= seq) order");
    }

    @Test
    void aRolledBackTransactionUnblocksItsRoom() throws Exception {
        AnnouncementQueue q = new AnnouncementQueue(100);
        var a1 = reserve(q, 1, "a");
        var a2 = reserve(q, 2, "a");
        q.committed(List.of(a2));
        assertEquals(List.of(), rows(q.take(10, 0)));
        q.aborted(List.of(a1));
        assertEquals(List.of(2L), rows(q.take(10, 0)));
    }

    @Test
    void aFailedPublicationIsRetriedInTheSameOrder() throws Exception {
        AnnouncementQueue q = new AnnouncementQueue(100);
        for (long i = 1; i <= 5; i++) {
            q.committed(List.of(reserve(q, i, "a")));
        }
        List<AnnouncementQueue.Ticket> first = q.take(3, 0);
        assertEquals(List.of(1L, 2L, 3L), rows(first));
        // Redis did not acknowledge: nothing is removed, the next take repeats them
        assertEquals(List.of(1L, 2L, 3L), rows(q.take(3, 0)));
        assertArrayEquals(new long[] {1, 2, 3, 4, 5}, q.heldRowIds());
        q.published(first);
        assertEquals(List.of(4L, 5L), rows(q.take(3, 0)));
    }

    @Test
    void aFullQueueSpillsEveryRoomToThePollerUntilTheOutboxIsDrained() throws Exception {
        AnnouncementQueue q = new AnnouncementQueue(2);
        var a1 = reserve(q, 1, "a");
        var b1 = reserve(q, 2, "b");
        var a2 = reserve(q, 3, "a"); // full: refused, the row waits for the poller
        assertTrue(q.spilling());
        q.committed(List.of(a1, b1));
        q.published(q.take(10, 0));
        var c1 = reserve(q, 4, "c"); // room with room to spare, but spilling: refused too (keeps order)
        assertEquals(List.of(), rows(q.take(10, 0)));
        assertTrue(q.drainedWhileSpilling());
        assertEquals(-1, q.spillMark(), "refused transactions still running");
        q.committed(List.of(a2));
        q.aborted(List.of(c1));
        long mark = q.spillMark();
        assertTrue(mark >= 0);
        var a3 = reserve(q, 5, "a"); // refused after the mark: the poller must look again
        assertFalse(q.endSpill(mark));
        q.committed(List.of(a3));
        long again = q.spillMark();
        assertTrue(q.endSpill(again), "outbox found empty after the mark: fast path again");
        assertFalse(q.spilling());
        var a4 = reserve(q, 6, "a");
        q.committed(List.of(a4));
        assertEquals(List.of(6L), rows(q.take(10, 0)));
    }

    @Test
    void aCommittingThreadKnowsWhenItsAnnouncementWentOut() throws Exception {
        AnnouncementQueue q = new AnnouncementQueue(1);
        var a1 = reserve(q, 1, "a");
        var a2 = reserve(q, 2, "a"); // full: refused, it is the poller's (nothing to wait for)
        q.committed(List.of(a1, a2));
        assertFalse(q.done(List.of(a1)));
        assertTrue(q.done(List.of(a2)));
        q.published(q.ready(10));
        assertTrue(q.done(List.of(a1, a2)));
    }

    @Test
    void aClosedQueueRefusesWithoutSpilling() throws Exception {
        AnnouncementQueue q = new AnnouncementQueue(10);
        q.close();
        var t = reserve(q, 1, "a");
        q.committed(List.of(t));
        assertFalse(q.spilling());
        assertEquals(0, q.size());
        assertEquals(List.of(), rows(q.take(10, 0)));
    }
}
