package dev.convene.signaling.sfu.videoroom;

/** Error codes of Janus' videoroom plugin that change what we do (janus_videoroom.c). */
public final class VideoRoomErrors {

    public static final int NO_SUCH_ROOM = 426;
    public static final int ROOM_EXISTS = 427;
    public static final int NO_SUCH_FEED = 428;
    public static final int ALREADY_JOINED = 425;
    public static final int ALREADY_PUBLISHED = 434;

    private VideoRoomErrors() {
    }
}
