package dev.convene.signaling.sfu;

/**
 * WebRTC state from Janus for one PeerConnection: {@code type} is "webrtcup" (ICE+DTLS up),
 * "media" (media started/stopped on an m-line, {@code detail} "mid:audio|video:on|off"),
 * "slowlink" (losses; {@code detail} "uplink|downlink"), "hangup" (the PeerConnection closed;
 * {@code detail} the reason).
 */
public record MediaEvent(PeerConnectionRole pc, String type, String detail) {
}
