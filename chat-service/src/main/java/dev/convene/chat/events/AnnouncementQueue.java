package dev.convene.chat.events;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * This replica's announcements between their transaction and Redis, in the order they were
 * reserved. A transaction reserves its announcement right after inserting the outbox row,
 * while it still holds the lock that orders it (the room's counter row for a new message, the
 * message's row for an edit, reaction or delete), so reservation order is commit order for
 * every pair of events that the database orders. A reservation is published only once its
 * transaction committed ({@link #committed}) and only after every earlier reservation of the
 * same room left the queue: a room waits for its own uncommitted transaction, other rooms do not.
 * A rolled-back transaction's reservation is dropped ({@link #aborted}). Publication failures
 * leave everything in place, so a retry repeats the same events in the same order.
 *
 * <p>The queue holds at most {@code capacity} announcements (a long Redis outage under load).
 * Beyond it the queue <em>spills</em>: it refuses every reservation, so this replica's new
 * events wait in the outbox for the poller, which publishes them in outbox order once the
 * queue is empty — never a newer event of a room from memory before an older one from the
 * table. The spill ends ({@link #endSpill}) when the poller found the outbox empty after every
 * refused transaction had ended and no new one was refused meanwhile.
 * Thread-safe (one monitor); {@link #take} is called by one publishing thread.
 */
public final class AnnouncementQueue {

    enum State { PENDING, COMMITTED, REFUSED }

    /** One announcement: the outbox row ({@code rowId}) and what to publish. */
    public static final class Ticket {
        final long rowId;
        final Outbox.Entry entry;
        final long reservedAtMillis;
        State state = State.PENDING;
        boolean published;

        Ticket(long rowId, Outbox.Entry entry, long reservedAtMillis) {
            this.rowId = rowId;
            this.entry = entry;
            this.reservedAtMillis = reservedAtMillis;
        }

        public long rowId() {
            return rowId;
        }

        public Outbox.Entry entry() {
            return entry;
        }

        public long reservedAtMillis() {
            return reservedAtMillis;
        }
    }

    private final LinkedHashSet<Ticket> tickets = new LinkedHashSet<>();
    private final int capacity;
    private boolean closed;
    private boolean spilling;
    /** refused reservations whose transaction has not ended yet */
    private int refusedInFlight;
    /** refused reservations ever (tells whether one happened between two looks) */
    private long refusals;

    /** @param capacity the most announcements held in memory (beyond it {@link #reserve} refuses) */
    public AnnouncementQueue(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Reserves the announcement's place. When the queue is closed, full or spilling the ticket
     * is refused (not queued): the outbox row then waits for the poller. Either way the caller
     * reports the transaction's end with {@link #committed} or {@link #aborted}.
     */
    public synchronized Ticket reserve(long rowId, Outbox.Entry entry) {
        Ticket ticket = new Ticket(rowId, entry, System.currentTimeMillis());
        if (closed || spilling || tickets.size() >= capacity) {
            spilling |= !closed;
            ticket.state = State.REFUSED;
            refusedInFlight++;
            refusals++;
        } else {
            tickets.add(ticket);
        }
        return ticket;
    }

    /** The transaction committed: its announcements may go out. */
    public synchronized void committed(List<Ticket> committed) {
        for (Ticket t : committed) {
            if (t.state == State.REFUSED) {
                refusedInFlight--;
            } else {
                t.state = State.COMMITTED;
            }
        }
        notifyAll();
    }

    /** The transaction rolled back (or its outcome is unknown): nothing to announce from here. */
    public synchronized void aborted(List<Ticket> aborted) {
        for (Ticket t : aborted) {
            if (t.state == State.REFUSED) {
                refusedInFlight--;
            } else {
                tickets.remove(t);
            }
        }
        notifyAll(); // the room may be unblocked
    }

    public synchronized boolean spilling() {
        return spilling;
    }

    /**
     * While spilling: a mark to pass to {@link #endSpill} once the outbox was found empty, or -1
     * when the poller must not publish yet / cannot end the spill (announcements still queued here,
     * refused transactions still running).
     */
    public synchronized long spillMark() {
        return spilling && tickets.isEmpty() && refusedInFlight == 0 ? refusals : -1;
    }

    /** The queue is empty while spilling: the poller may publish everything in outbox order. */
    public synchronized boolean drainedWhileSpilling() {
        return spilling && tickets.isEmpty();
    }

    /**
     * The outbox was empty after {@link #spillMark} returned {@code mark}: unless something was
     * refused since, the fast path resumes. Any refused transaction had ended before the mark, so
     * its row was in the outbox the poller found empty, i.e. published.
     */
    public synchronized boolean endSpill(long mark) {
        if (spilling && mark >= 0 && mark == refusals && refusedInFlight == 0 && tickets.isEmpty()) {
            spilling = false;
            return true;
        }
        return false;
    }

    /**
     * Up to {@code max} committed announcements that may be published now, in order: for each
     * room the committed ones before its first uncommitted one. Waits up to {@code waitMillis}
     * for one; empty when there is none (or the queue is closed). The tickets stay queued until
     * {@link #published}.
     */
    public synchronized List<Ticket> take(int max, long waitMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMillis;
        while (true) {
            List<Ticket> batch = ready(max);
            if (!batch.isEmpty() || closed) {
                return batch;
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return batch;
            }
            wait(left);
        }
    }

    /** What {@link #take} would return, without waiting. */
    public synchronized List<Ticket> ready(int max) {
        List<Ticket> batch = new ArrayList<>();
        Set<String> blocked = null;
        for (Iterator<Ticket> it = tickets.iterator(); it.hasNext() && batch.size() < max; ) {
            Ticket t = it.next();
            String room = t.entry.room();
            if (t.state == State.PENDING) {
                if (blocked == null) {
                    blocked = new HashSet<>();
                }
                blocked.add(room);
            } else if (blocked == null || !blocked.contains(room)) {
                batch.add(t);
            }
        }
        return batch;
    }

    public synchronized boolean hasReady() {
        return !ready(1).isEmpty();
    }

    /** Redis acknowledged these: they leave the queue. */
    public synchronized void published(List<Ticket> published) {
        for (Ticket t : published) {
            t.published = true;
            tickets.remove(t);
        }
    }

    /** Whether each of these was published (or refused: the poller's then). */
    public synchronized boolean done(List<Ticket> mine) {
        for (Ticket t : mine) {
            if (!t.published && t.state != State.REFUSED) {
                return false;
            }
        }
        return true;
    }

    /** Outbox row ids of the committed announcements still held here (the poller leaves them alone). */
    public synchronized long[] heldRowIds() {
        return tickets.stream().filter(t -> t.state == State.COMMITTED).mapToLong(t -> t.rowId).toArray();
    }

    public synchronized int size() {
        return tickets.size();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Refuses new reservations and wakes the publishing thread. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
