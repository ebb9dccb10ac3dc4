package dev.convene.auth.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private final TrustedProxies loopback = TrustedProxies.of(List.of("127.0.0.0/8", "::1"));
    private final TrustedProxies withIngress = TrustedProxies.of(List.of("127.0.0.0/8", "::1", "10.0.0.0/8"));

    @Test
    void aDirectClientIsItsPeerAddressWhateverItClaims() {
        assertEquals("203.0.113.9", loopback.clientAddress("203.0.113.9", "198.51.100.1"));
        assertEquals("203.0.113.9", loopback.clientAddress("203.0.113.9", null));
    }

    @Test
    void aTrustedProxysForwardedAddressIsBelieved() {
        assertEquals("203.0.113.9", loopback.clientAddress("127.0.0.1", "203.0.113.9"));
        assertEquals("2001:db8:0:0:0:0:0:1", loopback.clientAddress("::1", "2001:db8::1"));
        assertEquals("127.0.0.1", loopback.clientAddress("127.0.0.1", null));
        assertEquals("127.0.0.1", loopback.clientAddress("127.0.0.1", " "));
    }

    @Test
    void addressesAClientPutInFrontOfTheChainAreIgnored() {
        // the client sent "X-Forwarded-For: 198.51.100.1", the proxy appended the real address
        assertEquals("203.0.113.9", loopback.clientAddress("127.0.0.1", "198.51.100.1, 203.0.113.9"));
    }

    @Test
    void everyTrustedHopIsSkippedFromTheRight() {
        assertEquals("203.0.113.9", withIngress.clientAddress("127.0.0.1", "198.51.100.1, 203.0.113.9, 10.1.2.3"));
        assertEquals("10.1.2.3", loopback.clientAddress("127.0.0.1", "203.0.113.9, 10.1.2.3"));
    }

    @Test
    void portsAndBracketsAreStripped() {
        assertEquals("203.0.113.9", loopback.clientAddress("127.0.0.1", "203.0.113.9:4711"));
        assertEquals("2001:db8:0:0:0:0:0:1", loopback.clientAddress("127.0.0.1", "[2001:db8::1]:4711"));
    }

    @Test
    void garbageStopsAtTheLastAddressThatCanBeVouchedFor() {
        assertEquals("127.0.0.1", loopback.clientAddress("127.0.0.1", "unknown"));
        assertEquals("10.1.2.3", withIngress.clientAddress("127.0.0.1", "evil.example, 10.1.2.3"));
        assertEquals("127.0.0.1", loopback.clientAddress("127.0.0.1", "999.1.1.1"));
    }

    @Test
    void hostNamesAreNeverResolved() {
        assertEquals(null, TrustedProxies.literal("localhost"));
        assertEquals(null, TrustedProxies.literal("example.org"));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of(List.of("proxy.internal")));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.of(List.of("10.0.0.0/33")));
    }
}
