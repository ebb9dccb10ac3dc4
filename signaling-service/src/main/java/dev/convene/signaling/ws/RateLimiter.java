package dev.convene.signaling.ws;

/**
 * Per-connection token bucket ({@code perSecond} sustained, {@code burst} at once). Excess
 * messages are dropped; {@link #sustainedExcess()} turns true when more than
 * {@code closeAfter} were dropped within {@link #WINDOW_NANOS}, which closes the socket (1008).
 * Only the connection's own event loop calls it, so it needs no locking.
 */
public final class RateLimiter {

    /** Outcome of one message. */
    public enum Verdict { ACCEPT, DROP, DROP_AND_TELL, CLOSE }

    static final long WINDOW_NANOS = 10_000_000_000L;
    private static final long TELL_EVERY_NANOS = 1_000_000_000L;

    private final double perNano;
    private final double burst;
    private final int closeAfter;
    private double tokens;
    private long refilledAt;
    private long windowStart;
    private int droppedInWindow;
    private long lastToldAt = Long.MIN_VALUE / 2;

    public RateLimiter(int perSecond, int burst, int closeAfter, long now) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.closeAfter = closeAfter;
        this.tokens = burst;
        this.refilledAt = now;
        this.windowStart = now;
    }

    public Verdict onMessage(long now) {
        tokens = Math.min(burst, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return Verdict.ACCEPT;
        }
        if (now - windowStart > WINDOW_NANOS) {
            windowStart = now;
            droppedInWindow = 0;
        }
        if (++droppedInWindow > closeAfter) {
            return Verdict.CLOSE;
        }
        if (now - lastToldAt >= TELL_EVERY_NANOS) {
            lastToldAt = now;
            return Verdict.DROP_AND_TELL;
        }
        return Verdict.DROP;
    }
}
