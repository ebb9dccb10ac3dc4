package dev.convene.signaling.sfu;

/**
 * The simulcast layer a receiver wants on one of its m-lines: {@code substream} 0 (lowest,
 * grid thumbnails) … 2 (highest, main view); {@code temporal} 0–2 or null for "all".
 */
public record LayerChoice(String mid, int substream, Integer temporal) {
}
