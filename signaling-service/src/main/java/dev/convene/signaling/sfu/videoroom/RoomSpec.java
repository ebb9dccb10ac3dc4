package dev.convene.signaling.sfu.videoroom;

/**
 * A videoroom we create: numeric id (string_ids are off), a description that names our room
 * (so the janitor can tell it apart from others), and the settings every Convene room shares:
 * VP8 + Opus (simulcast works with VP8), a low keyframe-request interval so simulcast layer
 * switches are quick, join notifications, optional recording into {@code recordingDir}.
 */
public record RoomSpec(long id, String description, int maxPublishers, long bitrate, int firFrequency,
        boolean record, String recordingDir) {
}
