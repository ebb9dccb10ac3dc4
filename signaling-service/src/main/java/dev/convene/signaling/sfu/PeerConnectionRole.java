package dev.convene.signaling.sfu;

/** Which of a participant's two SFU PeerConnections: the one it sends on, or the one it receives on. */
public enum PeerConnectionRole { PUBLISHER, SUBSCRIBER }
