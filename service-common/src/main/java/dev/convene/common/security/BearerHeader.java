package dev.convene.common.security;

/** The token of an {@code Authorization: Bearer <token>} header (RFC 6750: the scheme in any case). */
public final class BearerHeader {

    private static final String SCHEME = "Bearer ";

    private BearerHeader() {
    }

    /** The token, stripped of surrounding blanks; "" when the header is missing or of another scheme. */
    public static String token(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return "";
        }
        return authorization.substring(SCHEME.length()).strip();
    }
}
