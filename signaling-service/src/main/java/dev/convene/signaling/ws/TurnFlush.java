package dev.convene.signaling.ws;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;

/**
 * One event loop's room sockets written to in the current turn, flushed once each when the
 * turn's reads are done: one task per turn for all of them, not one per socket or per message
 * (docs/PERFORMANCE.md). Used on its event loop only.
 */
final class TurnFlush implements Runnable {

    private static final FastThreadLocal<TurnFlush> OF_EVENT_LOOP = new FastThreadLocal<>();

    private final EventExecutor loop;
    private ArrayList<RoomFrames> written = new ArrayList<>();
    private ArrayList<RoomFrames> flushing = new ArrayList<>();

    private TurnFlush(EventExecutor loop) {
        this.loop = loop;
    }

    /** The instance of {@code loop}; call it on that event loop. */
    static TurnFlush of(EventExecutor loop) {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException("TurnFlush.of must run on its event loop");
        }
        TurnFlush flush = OF_EVENT_LOOP.get();
        if (flush == null) {
            flush = new TurnFlush(loop);
            OF_EVENT_LOOP.set(flush);
        }
        return flush;
    }

    /** A socket written to in this turn (once per turn: the socket keeps track). */
    void add(RoomFrames socket) {
        if (written.isEmpty()) {
            loop.execute(this); // runs after the reads of this turn
        }
        written.add(socket);
    }

    @Override
    public void run() {
        ArrayList<RoomFrames> batch = written; // a flush may lead to writes: they start a new batch
        written = flushing;
        flushing = batch;
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).flush();
        }
        batch.clear();
    }
}
