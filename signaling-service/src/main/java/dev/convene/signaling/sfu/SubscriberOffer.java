package dev.convene.signaling.sfu;

import java.util.List;

/**
 * An offer for the receiving PeerConnection: {@code offerId} grows with every offer (an answer
 * names the offer it answers, stale answers are ignored), the SDP, what each m-line carries,
 * and whether it is the first offer of a new subscriber connection ({@code newConnection}: the
 * client creates a fresh RTCPeerConnection for it, closing any previous receiving one) or a
 * renegotiation of the current one.
 */
public record SubscriberOffer(long offerId, String sdp, List<SubscribedStream> streams, boolean newConnection) {
}
