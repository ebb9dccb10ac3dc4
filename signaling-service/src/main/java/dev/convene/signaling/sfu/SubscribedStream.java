package dev.convene.signaling.sfu;

/**
 * One m-line of the receiving PeerConnection: its {@code mid}, the participant whose media it
 * carries, {@code kind} audio/video, the {@code source} the publisher labelled it with (camera,
 * screen, mic), and whether it is active (inactive m-lines carry nothing: their publisher left).
 */
public record SubscribedStream(String mid, String participantId, String kind, String source, boolean active) {
}
