package dev.convene.signaling.sfu;

/** What the publisher sends on one m-line of its offer: {@code mid} → source "camera", "screen" or "mic". */
public record StreamDescription(String mid, String source) {
}
