package dev.convene.signaling.sfu;

/** A participant entering SFU mode: its meeting (slug), its participant id, and where its server → client messages go. */
public record SfuPeer(String room, String participantId, SfuPeerListener listener) {
}
