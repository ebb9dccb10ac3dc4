package dev.convene.signaling.sfu.pool;

import dev.convene.signaling.sfu.janus.JanusConnection;
import dev.convene.signaling.sfu.videoroom.VideoRoomControl;

/**
 * One Janus of the pool: its connection, its room administration, and the load last seen
 * there (from the videoroom's {@code list}), which placement and the metrics use.
 */
public final class JanusInstance {

    private final JanusConnection connection;
    private final VideoRoomControl control;
    private volatile int rooms;
    private volatile int participants;

    JanusInstance(JanusConnection connection, VideoRoomControl control) {
        this.connection = connection;
        this.control = control;
    }

    /** The instance's identity everywhere (placements in Redis, metrics): its WebSocket URL. */
    public String url() {
        return connection.url();
    }

    public JanusConnection connection() {
        return connection;
    }

    public VideoRoomControl control() {
        return control;
    }

    public boolean isUp() {
        return connection.isUp();
    }

    public int rooms() {
        return rooms;
    }

    public int participants() {
        return participants;
    }

    void load(int rooms, int participants) {
        this.rooms = rooms;
        this.participants = participants;
    }

    @Override
    public String toString() {
        return url() + (isUp() ? " (up)" : " (down)");
    }
}
