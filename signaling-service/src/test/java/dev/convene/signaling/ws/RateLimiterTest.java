package dev.convene.signaling.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convene.signaling.ws.RateLimiter.Verdict;
import org.junit.jupiter.api.Test;

/** Pure logic: the token bucket and the "sustained excess" rule, on a synthetic clock. */
class RateLimiterTest {

    private static final long MS = 1_000_000L;

    @Test
    void burstIsAcceptedThenTheSustainedRate() {
        RateLimiter limiter = new RateLimiter(10, 5, 100, 0);
        for (int i = 0; i < 5; i++) {
            assertEquals(Verdict.ACCEPT, limiter.onMessage(0));
        }
        assertEquals(Verdict.DROP_AND_TELL, limiter.onMessage(0));
        assertEquals(Verdict.DROP, limiter.onMessage(1 * MS), "told at most once a second");
        assertEquals(Verdict.ACCEPT, limiter.onMessage(101 * MS), "one token per 100 ms at 10/s");
        assertEquals(Verdict.DROP, limiter.onMessage(150 * MS));
        assertEquals(Verdict.ACCEPT, limiter.onMessage(1200 * MS));
    }

    @Test
    void moreThanCloseAfterDropsWithinTenSecondsCloses() {
        RateLimiter limiter = new RateLimiter(1, 1, 3, 0);
        assertEquals(Verdict.ACCEPT, limiter.onMessage(0));
        assertEquals(Verdict.DROP_AND_TELL, limiter.onMessage(0));
        assertEquals(Verdict.DROP, limiter.onMessage(0));
        assertEquals(Verdict.DROP, limiter.onMessage(0));
        assertEquals(Verdict.CLOSE, limiter.onMessage(0));
    }

    @Test
    void dropsOfAnEarlierWindowAreForgotten() {
        RateLimiter limiter = new RateLimiter(1, 1, 2, 0);
        limiter.onMessage(0);
        limiter.onMessage(0);
        limiter.onMessage(0); // 2 drops
        assertEquals(Verdict.ACCEPT, limiter.onMessage(11_000 * MS));
        assertEquals(Verdict.DROP_AND_TELL, limiter.onMessage(11_000 * MS), "a new window starts counting at 1");
        assertEquals(Verdict.DROP, limiter.onMessage(11_000 * MS));
        assertEquals(Verdict.CLOSE, limiter.onMessage(11_000 * MS));
    }
}
