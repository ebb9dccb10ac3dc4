package dev.convene.signaling.ws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fast path of {@link ClientMessage#parse} for the high-rate types, {@code offer},
 * {@code answer} and {@code candidate}: one streaming pass over the frame's UTF-8 bytes collects
 * the fields the protocol defines (last occurrence wins, as in a parsed tree), then validates
 * them exactly as {@link ClientMessage}'s tree validation does (same checks, same order, same
 * messages; ClientMessageTest compares the two on every case) and writes the relayed fields as
 * UTF-8 JSON, without building a tree. Anything else (another type, malformed JSON, a type that
 * is not a string) returns null and takes the tree path, which produces the answer.
 * <p>
 * Relayed string values (the SDP, the candidate line: most of the frame) are not decoded: their
 * bytes are copied as they came, quotes included, when they hold no escape. Jackson has checked
 * them, and such a literal is exactly what serialising its decoded text writes (only control
 * characters, {@code "} and {@code \} are escaped on output, and none of them can appear
 * unescaped in valid input), so the output is byte for byte the tree path's. A value with an
 * escape is decoded and written again, as the tree path does.
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
        String sdpMLineIndexText;
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
                            o.add(SDP_M_LINE_INDEX).add(sdpMLineIndex == Slot.NULL ? NULL : number(sdpMLineIndexText));
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
    static ClientMessage parse(JsonFactory factory, byte[] frame) {
        Fields f = new Fields(frame);
        try (JsonParser p = factory.createParser(frame)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "type" -> f.type = value == JsonToken.VALUE_STRING ? relayType(p) : null;
                    case "to" -> {
                        f.toSeen = true;
                        f.to = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    }
                    case "sdp" -> {
                        f.sdpSeen = true;
                        f.sdpStart = -1;
                        if (value == JsonToken.VALUE_STRING) {
                            f.sdpStart = literalStart(p);
                            f.sdpEnd = literalEnd(p);
                        }
                    }
                    case "iceRestart" -> {
                        f.iceRestartSeen = true;
                        f.iceRestart = value.isBoolean() ? value == JsonToken.VALUE_TRUE : null;
                    }
                    case "candidate" -> candidate(p, value, f);
                    default -> p.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null; // malformed: the tree path says so in its words
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

    /** One of the relayed types (the constant, no new String), or {@link #OTHER_TYPE}. */
    private static String relayType(JsonParser p) throws IOException {
        char[] text = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        for (String type : RELAYED_TYPES) {
            if (type.length() == length && sameChars(type, text, offset)) {
                return type;
            }
        }
        return OTHER_TYPE;
    }

    private static boolean sameChars(String expected, char[] text, int offset) {
        for (int i = 0; i < expected.length(); i++) {
            if (expected.charAt(i) != text[offset + i]) {
                return false;
            }
        }
        return true;
    }

    private static final String[] RELAYED_TYPES = {ClientMessage.CANDIDATE, ClientMessage.OFFER, ClientMessage.ANSWER};
    /** A string type other than the relayed ones: the tree path handles it. */
    private static final String OTHER_TYPE = "";

    /** Where the current string token's literal starts: its opening quote. */
    private static int literalStart(JsonParser p) {
        return (int) p.currentTokenLocation().getByteOffset();
    }

    /** Reads the current string token to its end (Jackson checks it) and returns the offset past its closing quote. */
    private static int literalEnd(JsonParser p) throws IOException {
        p.finishToken();
        return (int) p.currentLocation().getByteOffset();
    }

    private static void candidate(JsonParser p, JsonToken value, Fields f) throws IOException {
        f.candidateStart = -1;
        f.sdpMid = Slot.ABSENT;
        f.sdpMLineIndex = Slot.ABSENT;
        f.usernameFragment = Slot.ABSENT;
        if (value == JsonToken.VALUE_NULL) {
            f.candidate = Kind.NULL;
            return;
        }
        if (value != JsonToken.START_OBJECT) {
            f.candidate = Kind.OTHER;
            p.skipChildren();
            return;
        }
        f.candidate = Kind.OBJECT;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken member = p.nextToken();
            switch (name) {
                case "candidate" -> {
                    f.candidateStart = -1;
                    if (member == JsonToken.VALUE_STRING) {
                        f.candidateStart = literalStart(p);
                        f.candidateEnd = literalEnd(p);
                    }
                }
                case "sdpMid" -> {
                    f.sdpMid = textSlot(member);
                    if (f.sdpMid == Slot.VALUE) {
                        f.sdpMidStart = literalStart(p);
                        f.sdpMidEnd = literalEnd(p);
                    }
                }
                case "usernameFragment" -> {
                    f.usernameFragment = textSlot(member);
                    if (f.usernameFragment == Slot.VALUE) {
                        f.usernameFragmentStart = literalStart(p);
                        f.usernameFragmentEnd = literalEnd(p);
                    }
                }
                case "sdpMLineIndex" -> {
                    // as the tree check: an integral number whose int value is >= 0
                    if (member == JsonToken.VALUE_NULL) {
                        f.sdpMLineIndex = Slot.NULL;
                    } else if (member == JsonToken.VALUE_NUMBER_INT && p.getNumberValue().intValue() >= 0) {
                        f.sdpMLineIndex = Slot.VALUE;
                        f.sdpMLineIndexText = p.getNumberValue().toString();
                    } else {
                        f.sdpMLineIndex = Slot.WRONG;
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
    }

    private static Slot textSlot(JsonToken token) {
        return token == JsonToken.VALUE_NULL ? Slot.NULL : token == JsonToken.VALUE_STRING ? Slot.VALUE : Slot.WRONG;
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
    private static final byte[] CLOSE = ascii("}");

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static final byte[][] DIGITS = java.util.stream.IntStream.range(0, 10).mapToObj(d -> ascii(String.valueOf(d)))
            .toArray(byte[][]::new);

    /** A number's text (digits) as bytes; the usual single digit without a new array. */
    private static byte[] number(String digits) {
        return digits.length() == 1 ? DIGITS[digits.charAt(0) - '0'] : ascii(digits);
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
