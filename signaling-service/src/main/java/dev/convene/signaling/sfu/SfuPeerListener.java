package dev.convene.signaling.sfu;

/**
 * What the SFU has to tell one participant's client (the WebSocket layer turns each call into
 * an {@code sfu.*} message, docs/sfu.md). Called from Vert.x event loops: don't block. A listener
 * that throws is logged and otherwise ignored.
 */
public interface SfuPeerListener {

    /** A new offer for the participant's receiving PeerConnection; answer with {@link SfuSessions#answer}. */
    void subscriberOffer(SubscriberOffer offer);

    /**
     * The participant's SFU connections are gone (its Janus died, the room moved): close both
     * PeerConnections, publish again with a fresh offer; a new subscriber offer follows by itself.
     */
    void restart(String reason);

    /** The SFU cannot serve the participant now (no Janus up); the caller may fall back to P2P. */
    void unavailable(String reason);

    /**
     * Dynacast: the participant now wants {@code layer} (substream 0–2: rid l, m, h) as the highest
     * layer of {@code publisherId}'s camera, or nothing any more ({@code layer} null: it dropped the
     * feed). Called when a subscription starts (Janus' default, the highest), when a layer choice
     * was applied, and when the participant stops receiving a publisher who still publishes; only
     * when the value changes. The publisher may be on another replica.
     */
    default void demand(String publisherId, Integer layer) {
    }

    /** WebRTC state of one of its PeerConnections as Janus sees it (for the UI and metrics). */
    default void mediaEvent(MediaEvent event) {
    }
}
