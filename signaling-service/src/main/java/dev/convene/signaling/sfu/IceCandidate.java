package dev.convene.signaling.sfu;

/** A browser ICE candidate (RTCIceCandidateInit) trickled to Janus. */
public record IceCandidate(String candidate, String sdpMid, Integer sdpMLineIndex) {
}
