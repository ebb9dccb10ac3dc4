package dev.convene.auth.security;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the client address behind trusted reverse proxies. X-Forwarded-For is read from the
 * right: each trusted proxy appends the address it received the request from, so the first
 * untrusted address from the right is the client; anything left of it could be forged.
 * Without a trusted peer the header is ignored entirely.
 */
public final class TrustedProxies {

    private final List<Cidr> trusted;

    private TrustedProxies(List<Cidr> trusted) {
        this.trusted = trusted;
    }

    /** @param ranges addresses or CIDR ranges, e.g. {@code 127.0.0.0/8}, {@code ::1}, {@code 10.0.0.0/8} */
    public static TrustedProxies of(List<String> ranges) {
        List<Cidr> parsed = new ArrayList<>();
        for (String range : ranges) {
            if (!range.isBlank()) {
                parsed.add(Cidr.parse(range.trim()));
            }
        }
        return new TrustedProxies(List.copyOf(parsed));
    }

    /**
     * @param peer the address of the TCP peer
     * @param forwardedFor the X-Forwarded-For header, possibly null
     * @return the client address to account requests to
     */
    public String clientAddress(String peer, String forwardedFor) {
        if (!isTrusted(peer) || forwardedFor == null || forwardedFor.isBlank()) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = stripPort(hops[i].trim());
            InetAddress address = literal(hop);
            if (address == null) {
                // garbage in the chain: stop at the last address we could vouch for
                return i == hops.length - 1 ? peer : stripPort(hops[i + 1].trim());
            }
            if (!isTrusted(address)) {
                return address.getHostAddress();
            }
        }
        return stripPort(hops[0].trim());
    }

    boolean isTrusted(String address) {
        InetAddress parsed = literal(address);
        return parsed != null && isTrusted(parsed);
    }

    private boolean isTrusted(InetAddress address) {
        return trusted.stream().anyMatch(cidr -> cidr.contains(address));
    }

    /** "1.2.3.4:5678" → "1.2.3.4", "[::1]:80" → "::1"; bare IPv6 stays as is. */
    private static String stripPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end > 0 ? hop.substring(1, end) : hop;
        }
        int colon = hop.indexOf(':');
        return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }

    /** Parses an IP literal without ever doing a DNS lookup; null when it is not one. */
    static InetAddress literal(String text) {
        if (text == null || text.isEmpty() || !text.matches("[0-9a-fA-F:.]+") || !(text.contains(".") || text.contains(":"))) {
            return null;
        }
        if (text.contains(".") && !text.contains(":") && !text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Cidr(BigInteger network, int prefix, int bits) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            InetAddress address = literal(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("not an IP address or CIDR range: " + text);
            }
            int bits = address.getAddress().length * 8;
            int prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("bad prefix length in " + text);
            }
            return new Cidr(masked(address, prefix, bits), prefix, bits);
        }

        boolean contains(InetAddress address) {
            int length = address.getAddress().length * 8;
            return length == bits && masked(address, prefix, bits).equals(network);
        }

        private static BigInteger masked(InetAddress address, int prefix, int bits) {
            BigInteger value = new BigInteger(1, address.getAddress());
            return value.shiftRight(bits - prefix);
        }
    }
}
