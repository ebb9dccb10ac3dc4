package dev.convene.signaling.sfu.pool;

/** The videoroom settings of every room we create (SfuConfig); {@code recordingDir} may be null. */
public record RoomTemplate(int maxPublishers, long bitrate, int firFrequency, String recordingDir) {
}
