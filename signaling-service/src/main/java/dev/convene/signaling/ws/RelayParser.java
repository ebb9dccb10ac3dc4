package dev.convene.signaling.ws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fast path of {@link ClientMessage#parse} for the high-rate types, {@code offer},
 * {@code answer} and {@code candidate} (an ICE candidate is most of what a meeting signals): one
 * pass over the frame's UTF-8 bytes ({@link Scanner}) collects the fields the protocol defines
 * (last occurrence wins, as in a parsed tree), then validates them exactly as
 * {@link ClientMessage}'s tree validation does (same checks, same order, same messages;
 * ClientMessageTest compares the two on every listed case and on thousands of mutated frames)
 * and writes the relayed fields as UTF-8 JSON, without building a tree. Anything else (another
 * type, malformed JSON, JSON outside the scanner's subset) returns null and takes the tree path
 * (Jackson), which produces the answer.
 * <p>
 * Why not Jackson's streaming parser here: per frame it allocated about 900 bytes of parser
 * state (parser, context, symbol table child, buffers) and took most of the relay's own CPU
 * (docs/PERFORMANCE.md); the garbage set the pace of the young collections whose pauses made the
 * relay's p99. The scanner allocates nothing but the fields it found.
 * <p>
 * Relayed string values (the SDP, the candidate line: most of the frame) are not decoded: their
 * bytes are copied as they came, quotes included, when they hold no escape. The scanner has
 * checked them (strict UTF-8, no control characters), and such a literal is exactly what
 * serialising its decoded text writes (only control characters, {@code "} and {@code \} are
 * escaped on output, and none of them can appear unescaped in valid input), so the output is
 * byte for byte the tree path's. A value with an escape is decoded and written again, as the
 * tree path does.
 */
final class RelayParser {

    private static final JsonStringEncoder QUOTER = JsonStringEncoder.getInstance();
    /** Decodes the rare relayed literal that holds an escape. */
    private static final JsonFactory DECODER = new JsonFactory();

    /**
     * What one frame said about the fields of offer/answer/candidate; once valid, the relayed
     * fields themselves ({@link RelayTail}), written from the frame's bytes.
     */
    private static final class Fields implements RelayTail {
        final byte[] frame;
        String type;
        boolean toSeen;
        String to; // null if seen but not a string
        boolean sdpSeen;
        /** The sdp literal in the frame (quotes included), or start -1 if not a string. */
        int sdpStart = -1;
        int sdpEnd;
        boolean iceRestartSeen;
        Boolean iceRestart; // null if seen but not a boolean
        /** null: absent; NULL: JSON null; OTHER: neither null nor an object; OBJECT: see below. */
        Kind candidate;
        int candidateStart = -1; // the candidate line's literal; -1 if absent or not a string
        int candidateEnd;
        Slot sdpMid = Slot.ABSENT;
        int sdpMidStart;
        int sdpMidEnd;
        Slot sdpMLineIndex = Slot.ABSENT;
        int sdpMLineIndexValue;
        Slot usernameFragment = Slot.ABSENT;
        int usernameFragmentStart;
        int usernameFragmentEnd;
        /** Literals that held an escape, written again as the tree path writes them (null: copied as they came). */
        byte[] sdpWritten;
        byte[] candidateWritten;
        byte[] sdpMidWritten;
        byte[] usernameFragmentWritten;

        Fields(byte[] frame) {
            this.frame = frame;
        }

        @Override
        public int write(byte[] out, int at) {
            Utf8Out o = new Utf8Out(out, at);
            switch (type) {
                case ClientMessage.OFFER -> o.add(SDP).literal(frame, sdpStart, sdpEnd, sdpWritten)
                        .add(iceRestart != null && iceRestart ? ICE_RESTART_TRUE : ICE_RESTART_FALSE);
                case ClientMessage.ANSWER -> o.add(SDP).literal(frame, sdpStart, sdpEnd, sdpWritten);
                default -> {
                    o.add(CANDIDATE);
                    if (candidate == Kind.NULL) {
                        o.add(NULL);
                    } else {
                        o.add(CANDIDATE_LINE).literal(frame, candidateStart, candidateEnd, candidateWritten);
                        if (sdpMid != Slot.ABSENT) {
                            o.add(SDP_MID).optional(sdpMid, frame, sdpMidStart, sdpMidEnd, sdpMidWritten);
                        }
                        if (sdpMLineIndex != Slot.ABSENT) {
                            o.add(SDP_M_LINE_INDEX).add(sdpMLineIndex == Slot.NULL ? NULL : natural(sdpMLineIndexValue));
                        }
                        if (usernameFragment != Slot.ABSENT) {
                            o.add(USERNAME_FRAGMENT).optional(usernameFragment, frame, usernameFragmentStart, usernameFragmentEnd,
                                    usernameFragmentWritten);
                        }
                        o.add(CLOSE);
                    }
                }
            }
            return o.add(CLOSE).at;
        }

        /** Re-encodes the relayed literals that hold an escape (once, before the tail is written). */
        void reencodeEscaped() {
            sdpWritten = sdpStart >= 0 ? reencodedIfEscaped(frame, sdpStart, sdpEnd) : null;
            candidateWritten = candidateStart >= 0 ? reencodedIfEscaped(frame, candidateStart, candidateEnd) : null;
            sdpMidWritten = sdpMid == Slot.VALUE ? reencodedIfEscaped(frame, sdpMidStart, sdpMidEnd) : null;
            usernameFragmentWritten = usernameFragment == Slot.VALUE
                    ? reencodedIfEscaped(frame, usernameFragmentStart, usernameFragmentEnd) : null;
        }
    }

    private enum Kind { NULL, OBJECT, OTHER }

    /** One optional member of the candidate object: absent, null, a value of the right type, or wrong. */
    private enum Slot { ABSENT, NULL, VALUE, WRONG }

    private RelayParser() {
    }

    /** The relay message (valid or with its error), or null when the tree path must decide. */
    static ClientMessage parse(byte[] frame) {
        Fields f = new Fields(frame);
        if (!new Scanner(frame).object(f)) {
            return null; // malformed, or outside what the scanner reads: the tree path says which, in its words
        }
        if (f.type == null) {
            return null;
        }
        return switch (f.type) {
            case ClientMessage.OFFER -> check(f, target(f), sdp(f), iceRestart(f));
            case ClientMessage.ANSWER -> check(f, target(f), sdp(f), null);
            case ClientMessage.CANDIDATE -> check(f, target(f), candidateProblem(f), null);
            default -> null;
        };
    }

    private static final byte[] TYPE = ascii("type");
    private static final byte[] TO = ascii("to");
    private static final byte[] SDP_NAME = ascii("sdp");
    private static final byte[] ICE_RESTART = ascii("iceRestart");
    private static final byte[] CANDIDATE_NAME = ascii("candidate");
    private static final byte[] SDP_MID_NAME = ascii("sdpMid");
    private static final byte[] SDP_M_LINE_INDEX_NAME = ascii("sdpMLineIndex");
    private static final byte[] USERNAME_FRAGMENT_NAME = ascii("usernameFragment");
    private static final String[] RELAYED_TYPES = {ClientMessage.CANDIDATE, ClientMessage.OFFER, ClientMessage.ANSWER};
    private static final byte[][] RELAYED_TYPE_NAMES = {ascii("candidate"), ascii("offer"), ascii("answer")};
    /** A string type other than the relayed ones: the tree path handles it. */
    private static final String OTHER_TYPE = "";

    /**
     * Reads a frame as RFC 8259 JSON, a strict subset of it: one object whose members' values are
     * strings, numbers, literals, and for {@code candidate} one object of such values. Every
     * method returns false when the input is malformed or outside that subset (an array, a deeper
     * object, an escape in a name, {@code type} or {@code to}, a number the tree would read
     * differently): the tree path then decides, so reading less than JSON is safe, reading more
     * never happens. UTF-8 is checked strictly (no overlong forms, no surrogates).
     */
    private static final class Scanner {
        /** Bytes that stand for themselves inside a string literal: ASCII from space on, but {@code "} and {@code \}. */
        private static final boolean[] PLAIN = new boolean[256];

        static {
            for (int c = 0x20; c < 0x80; c++) {
                PLAIN[c] = c != '"' && c != '\\';
            }
        }

        private final byte[] b;
        private final int n;
        private int i;
        /** Set by {@link #string}: the literal holds an escape. */
        private boolean escaped;
        /** Set by {@link #number}: a non-negative integer of at most 9 digits (its text is its value). */
        private boolean smallNatural;
        private boolean integral;

        Scanner(byte[] frame) {
            this.b = frame;
            this.n = frame.length;
        }

        boolean object(Fields f) {
            if (!eat('{')) {
                return false;
            }
            return members(f, false) && end();
        }

        /** The members of an object whose '{' is read, and its '}': the frame's, or the candidate's. */
        private boolean members(Fields f, boolean ofCandidate) {
            if (eat('}')) {
                return true;
            }
            do {
                skipSpace();
                int nameStart = i;
                int nameEnd = string();
                if (nameEnd < 0 || escaped || !eat(':')) {
                    return false;
                }
                skipSpace();
                if (!(ofCandidate ? candidateMember(f, nameStart, nameEnd) : member(f, nameStart, nameEnd))) {
                    return false;
                }
            } while (eat(','));
            return eat('}');
        }

        private boolean member(Fields f, int nameStart, int nameEnd) {
            if (isName(nameStart, nameEnd, TYPE)) {
                f.type = null;
                if (peek() != '"') {
                    return scalar();
                }
                int start = unescapedString();
                if (start < 0) {
                    return false;
                }
                f.type = OTHER_TYPE;
                for (int t = 0; t < RELAYED_TYPES.length; t++) {
                    if (isName(start, i, RELAYED_TYPE_NAMES[t])) {
                        f.type = RELAYED_TYPES[t];
                    }
                }
                return true;
            }
            if (isName(nameStart, nameEnd, TO)) {
                f.toSeen = true;
                f.to = null;
                if (peek() != '"') {
                    return scalar();
                }
                int start = unescapedString();
                if (start < 0) {
                    return false;
                }
                f.to = new String(b, start + 1, i - start - 2, StandardCharsets.UTF_8);
                return true;
            }
            if (isName(nameStart, nameEnd, SDP_NAME)) {
                f.sdpSeen = true;
                f.sdpStart = -1;
                if (peek() != '"') {
                    return scalar();
                }
                f.sdpStart = i;
                f.sdpEnd = string();
                return f.sdpEnd >= 0;
            }
            if (isName(nameStart, nameEnd, ICE_RESTART)) {
                f.iceRestartSeen = true;
                f.iceRestart = literal(TRUE) ? Boolean.TRUE : literal(FALSE) ? Boolean.FALSE : null;
                return f.iceRestart != null || scalar();
            }
            if (isName(nameStart, nameEnd, CANDIDATE_NAME)) {
                return candidate(f);
            }
            return scalar();
        }

        private boolean candidate(Fields f) {
            f.candidateStart = -1;
            f.sdpMid = Slot.ABSENT;
            f.sdpMLineIndex = Slot.ABSENT;
            f.usernameFragment = Slot.ABSENT;
            if (literal(NULL)) {
                f.candidate = Kind.NULL;
                return true;
            }
            if (peek() != '{') {
                f.candidate = Kind.OTHER;
                return scalar();
            }
            f.candidate = Kind.OBJECT;
            i++;
            return members(f, true);
        }

        private boolean candidateMember(Fields f, int nameStart, int nameEnd) {
            boolean isString = peek() == '"';
            int start = i;
            if (isName(nameStart, nameEnd, CANDIDATE_NAME)) {
                f.candidateStart = isString ? start : -1;
                f.candidateEnd = isString ? string() : 0;
                return isString ? f.candidateEnd >= 0 : scalar();
            }
            if (isName(nameStart, nameEnd, SDP_MID_NAME)) {
                f.sdpMid = isString ? Slot.VALUE : literal(NULL) ? Slot.NULL : Slot.WRONG;
                f.sdpMidStart = start;
                f.sdpMidEnd = isString ? string() : 0;
                return isString ? f.sdpMidEnd >= 0 : f.sdpMid == Slot.NULL || scalar();
            }
            if (isName(nameStart, nameEnd, USERNAME_FRAGMENT_NAME)) {
                f.usernameFragment = isString ? Slot.VALUE : literal(NULL) ? Slot.NULL : Slot.WRONG;
                f.usernameFragmentStart = start;
                f.usernameFragmentEnd = isString ? string() : 0;
                return isString ? f.usernameFragmentEnd >= 0 : f.usernameFragment == Slot.NULL || scalar();
            }
            if (isName(nameStart, nameEnd, SDP_M_LINE_INDEX_NAME)) {
                // as the tree check: an integral number whose int value is >= 0
                if (literal(NULL)) {
                    f.sdpMLineIndex = Slot.NULL;
                    return true;
                }
                int c = peek();
                if (c == '-' || (c >= '0' && c <= '9')) {
                    if (number() < 0 || (integral && !smallNatural)) {
                        return false; // a negative or long integer: the tree reads its int value
                    }
                    f.sdpMLineIndex = integral ? Slot.VALUE : Slot.WRONG;
                    f.sdpMLineIndexValue = integral ? naturalAt(start, i) : 0;
                    return true;
                }
                f.sdpMLineIndex = Slot.WRONG;
                return scalar();
            }
            return scalar();
        }

        /** The value of the digits [start, end) (at most 9). */
        private int naturalAt(int start, int end) {
            int value = 0;
            for (int k = start; k < end; k++) {
                value = value * 10 + (b[k] - '0');
            }
            return value;
        }

        /**
         * The string literal at the cursor if it holds no escape: its start (the cursor is then
         * past its closing quote), or -1 (malformed, or an escape: the tree path decides).
         */
        private int unescapedString() {
            int start = i;
            return string() < 0 || escaped ? -1 : start;
        }

        /** A string, number or literal (anything deeper is outside the subset). */
        private boolean scalar() {
            int c = peek();
            if (c == '"') {
                return string() >= 0;
            }
            if (c == '-' || (c >= '0' && c <= '9')) {
                return number() >= 0;
            }
            return literal(TRUE) || literal(FALSE) || literal(NULL);
        }

        /** The string literal at the cursor: the offset past its closing quote, or -1. Sets {@link #escaped}. */
        private int string() {
            if (peek() != '"') {
                return -1;
            }
            escaped = false;
            int j = i + 1;
            while (j < n) {
                while (j < n && PLAIN[b[j] & 0xFF]) { // the bulk of a literal, one table look-up per byte
                    j++;
                }
                if (j >= n) {
                    return -1;
                }
                int c = b[j] & 0xFF;
                if (c == '"') {
                    i = j + 1;
                    return i;
                }
                if (c == '\\') {
                    escaped = true;
                    j = escape(j + 1);
                } else if (c < 0x20) {
                    return -1;
                } else if (c < 0x80) {
                    j++;
                } else {
                    j = utf8(j, c);
                }
                if (j < 0) {
                    return -1;
                }
            }
            return -1;
        }

        private int escape(int j) {
            if (j >= n) {
                return -1;
            }
            switch (b[j]) {
                case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
                    return j + 1;
                }
                case 'u' -> {
                    if (j + 4 >= n) {
                        return -1;
                    }
                    for (int k = 1; k <= 4; k++) {
                        if (Character.digit(b[j + k], 16) < 0) {
                            return -1;
                        }
                    }
                    return j + 5;
                }
                default -> {
                    return -1;
                }
            }
        }

        /** One multi-byte UTF-8 sequence led by {@code lead} at {@code j}: the offset after it, or -1 (RFC 3629). */
        private int utf8(int j, int lead) {
            int length;
            int min;
            if (lead >= 0xC2 && lead <= 0xDF) {
                length = 2;
                min = 0x80;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                length = 3;
                min = 0x800;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                length = 4;
                min = 0x10000;
            } else {
                return -1;
            }
            if (j + length > n) {
                return -1;
            }
            int code = lead & (0xFF >> (length + 1));
            for (int k = 1; k < length; k++) {
                int c = b[j + k] & 0xFF;
                if ((c & 0xC0) != 0x80) {
                    return -1;
                }
                code = (code << 6) | (c & 0x3F);
            }
            if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
                return -1;
            }
            return j + length;
        }

        /** A number (RFC 8259 grammar): the offset after it, or -1. Sets {@link #integral} and {@link #smallNatural}. */
        private int number() {
            int j = i;
            boolean negative = b[j] == '-';
            if (negative) {
                j++;
            }
            int digitsStart = j;
            if (j < n && b[j] == '0') {
                j++;
            } else if (j < n && b[j] >= '1' && b[j] <= '9') {
                while (j < n && isDigit(b[j])) {
                    j++;
                }
            } else {
                return -1;
            }
            int digits = j - digitsStart;
            integral = true;
            if (j < n && b[j] == '.') {
                integral = false;
                j = digits(j + 1);
            }
            if (j >= 0 && j < n && (b[j] == 'e' || b[j] == 'E')) {
                integral = false;
                j++;
                if (j < n && (b[j] == '+' || b[j] == '-')) {
                    j++;
                }
                j = digits(j);
            }
            smallNatural = integral && !negative && digits <= 9;
            i = j;
            return j;
        }

        /** At least one digit from {@code j}: the offset after them, or -1. */
        private int digits(int j) {
            if (j >= n || !isDigit(b[j])) {
                return -1;
            }
            while (j < n && isDigit(b[j])) {
                j++;
            }
            return j;
        }

        private static boolean isDigit(byte c) {
            return c >= '0' && c <= '9';
        }

        /** Consumes {@code word} (true, false, null) if it is at the cursor. */
        private boolean literal(byte[] word) {
            if (i + word.length > n) {
                return false;
            }
            for (int k = 0; k < word.length; k++) {
                if (b[i + k] != word[k]) {
                    return false;
                }
            }
            i += word.length;
            return true;
        }

        private boolean isName(int start, int end, byte[] name) {
            if (end - start != name.length + 2) {
                return false;
            }
            for (int k = 0; k < name.length; k++) {
                if (b[start + 1 + k] != name[k]) {
                    return false;
                }
            }
            return true;
        }

        private int peek() {
            return i < n ? b[i] : -1;
        }

        /** Skips whitespace, then consumes {@code c} if it is next. */
        private boolean eat(char c) {
            skipSpace();
            if (i < n && b[i] == c) {
                i++;
                return true;
            }
            return false;
        }

        private void skipSpace() {
            while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
                i++;
            }
        }

        /** Nothing but whitespace after the object. */
        private boolean end() {
            skipSpace();
            return i == n;
        }
    }

    private static String target(Fields f) {
        return f.to != null && !f.to.isEmpty() && f.to.length() <= ClientMessage.MAX_ID_LENGTH ? null : "\"to\" must be a participant id";
    }

    private static String sdp(Fields f) {
        // a literal longer than its two quotes holds at least one character
        return f.sdpStart >= 0 && f.sdpEnd - f.sdpStart > 2 ? null : "\"sdp\" must be a non-empty string";
    }

    private static String iceRestart(Fields f) {
        return !f.iceRestartSeen || f.iceRestart != null ? null : "\"iceRestart\" must be a boolean";
    }

    private static String candidateProblem(Fields f) {
        if (f.candidate == null) {
            return "\"candidate\" is required (an RTCIceCandidateInit or null)";
        }
        if (f.candidate == Kind.NULL) {
            return null;
        }
        if (f.candidate == Kind.OTHER || f.candidateStart < 0) {
            return "\"candidate.candidate\" must be a string";
        }
        if (f.sdpMid == Slot.WRONG || f.sdpMLineIndex == Slot.WRONG || f.usernameFragment == Slot.WRONG) {
            return "\"candidate\" fields have wrong types";
        }
        return null;
    }

    private static ClientMessage check(Fields f, String first, String second, String third) {
        String problem = first != null ? first : second != null ? second : third;
        if (problem != null) {
            return ClientMessage.error("invalid_field", f.type + ": " + problem);
        }
        f.reencodeEscaped();
        return ClientMessage.relay(f.type, f.to, f);
    }

    private static final byte[] SDP = ascii(",\"sdp\":");
    private static final byte[] ICE_RESTART_TRUE = ascii(",\"iceRestart\":true");
    private static final byte[] ICE_RESTART_FALSE = ascii(",\"iceRestart\":false");
    private static final byte[] CANDIDATE = ascii(",\"candidate\":");
    private static final byte[] CANDIDATE_LINE = ascii("{\"candidate\":");
    private static final byte[] SDP_MID = ascii(",\"sdpMid\":");
    private static final byte[] SDP_M_LINE_INDEX = ascii(",\"sdpMLineIndex\":");
    private static final byte[] USERNAME_FRAGMENT = ascii(",\"usernameFragment\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] CLOSE = ascii("}");

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static final byte[][] DIGITS = java.util.stream.IntStream.range(0, 10).mapToObj(d -> ascii(String.valueOf(d)))
            .toArray(byte[][]::new);

    /** A natural number's digits; the usual single digit without a new array. */
    private static byte[] natural(int value) {
        return value < 10 ? DIGITS[value] : ascii(Integer.toString(value));
    }

    /**
     * A string literal of the frame ([start, end), quotes included) as the tree path writes it, or
     * null when that is the literal itself: it holds no escape.
     */
    private static byte[] reencodedIfEscaped(byte[] frame, int start, int end) {
        for (int i = start + 1; i < end - 1; i++) {
            if (frame[i] == '\\') {
                return reencoded(frame, start, end);
            }
        }
        return null;
    }

    /** Decoded, quoted again, UTF-8 (a lone surrogate becomes '?', as it always did). */
    private static byte[] reencoded(byte[] frame, int start, int end) {
        String decoded;
        try (JsonParser p = DECODER.createParser(frame, start, end - start)) {
            p.nextToken();
            decoded = p.getText();
        } catch (IOException e) {
            throw new IllegalStateException("a literal Jackson accepted no longer parses", e);
        }
        return ("\"" + new String(QUOTER.quoteAsString(decoded)) + "\"").getBytes(StandardCharsets.UTF_8);
    }

    /** Writes UTF-8 pieces into {@code out} from {@code at} on; with {@code out} null it only counts. */
    private static final class Utf8Out {
        private final byte[] out;
        int at;

        Utf8Out(byte[] out, int at) {
            this.out = out;
            this.at = at;
        }

        Utf8Out add(byte[] utf8) {
            return add(utf8, 0, utf8.length);
        }

        private Utf8Out add(byte[] source, int start, int end) {
            if (out != null) {
                System.arraycopy(source, start, out, at, end - start);
            }
            at += end - start;
            return this;
        }

        Utf8Out optional(Slot slot, byte[] frame, int start, int end, byte[] written) {
            return slot == Slot.NULL ? add(NULL) : literal(frame, start, end, written);
        }

        /** The literal [start, end) of the frame, or what it was re-encoded to. */
        Utf8Out literal(byte[] frame, int start, int end, byte[] written) {
            return written != null ? add(written) : add(frame, start, end);
        }
    }
}
