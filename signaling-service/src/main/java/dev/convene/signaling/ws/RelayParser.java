package dev.convene.signaling.ws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;

/**
 * The fast path of {@link ClientMessage#parse} for the high-rate types, {@code offer},
 * {@code answer} and {@code candidate}: one streaming pass over the frame collects the fields
 * the protocol defines (last occurrence wins, as in a parsed tree), then validates them exactly
 * as {@link ClientMessage}'s tree validation does (same checks, same order, same messages;
 * ClientMessageTest compares the two on every case) and writes the relayed fields as JSON text,
 * without building a tree. Anything else (another type, malformed JSON, a type that is not a
 * string) returns null and takes the tree path, which produces the answer.
 */
final class RelayParser {

    private static final JsonStringEncoder QUOTER = JsonStringEncoder.getInstance();

    /** What one frame said about the fields of offer/answer/candidate. */
    private static final class Fields {
        String type;
        boolean toSeen;
        String to; // null if seen but not a string
        boolean sdpSeen;
        String sdp;
        boolean iceRestartSeen;
        Boolean iceRestart; // null if seen but not a boolean
        /** null: absent; NULL: JSON null; OTHER: neither null nor an object; OBJECT: see below. */
        Kind candidate;
        String candidateText; // null if absent or not a string
        Slot sdpMid = Slot.ABSENT;
        String sdpMidText;
        Slot sdpMLineIndex = Slot.ABSENT;
        String sdpMLineIndexText;
        Slot usernameFragment = Slot.ABSENT;
        String usernameFragmentText;
    }

    private enum Kind { NULL, OBJECT, OTHER }

    /** One optional member of the candidate object: absent, null, a value of the right type, or wrong. */
    private enum Slot { ABSENT, NULL, VALUE, WRONG }

    private RelayParser() {
    }

    /** The relay message (valid or with its error), or null when the tree path must decide. */
    static ClientMessage parse(JsonFactory factory, String frame) {
        Fields f = new Fields();
        try (JsonParser p = factory.createParser(frame)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "type" -> f.type = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "to" -> {
                        f.toSeen = true;
                        f.to = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    }
                    case "sdp" -> {
                        f.sdpSeen = true;
                        f.sdp = value == JsonToken.VALUE_STRING ? p.getText() : null;
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

    private static void candidate(JsonParser p, JsonToken value, Fields f) throws IOException {
        f.candidateText = null;
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
                case "candidate" -> f.candidateText = member == JsonToken.VALUE_STRING ? p.getText() : null;
                case "sdpMid" -> {
                    f.sdpMid = textSlot(member);
                    f.sdpMidText = f.sdpMid == Slot.VALUE ? p.getText() : null;
                }
                case "usernameFragment" -> {
                    f.usernameFragment = textSlot(member);
                    f.usernameFragmentText = f.usernameFragment == Slot.VALUE ? p.getText() : null;
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
        return f.sdp != null && !f.sdp.isEmpty() ? null : "\"sdp\" must be a non-empty string";
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
        if (f.candidate == Kind.OTHER || f.candidateText == null) {
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
        return ClientMessage.relay(f.type, f.to, tail(f));
    }

    /** The relayed fields after {@code "from"}, closing the object (see ClientMessage#relayFrame). */
    private static String tail(Fields f) {
        StringBuilder out = new StringBuilder(64 + (f.sdp != null ? f.sdp.length() : 0)
                + (f.candidateText != null ? f.candidateText.length() : 0));
        switch (f.type) {
            case ClientMessage.OFFER -> {
                string(out.append(",\"sdp\":"), f.sdp);
                out.append(",\"iceRestart\":").append(f.iceRestart != null && f.iceRestart);
            }
            case ClientMessage.ANSWER -> string(out.append(",\"sdp\":"), f.sdp);
            default -> {
                out.append(",\"candidate\":");
                if (f.candidate == Kind.NULL) {
                    out.append("null");
                } else {
                    string(out.append("{\"candidate\":"), f.candidateText);
                    optional(out, "sdpMid", f.sdpMid, f.sdpMidText, true);
                    optional(out, "sdpMLineIndex", f.sdpMLineIndex, f.sdpMLineIndexText, false);
                    optional(out, "usernameFragment", f.usernameFragment, f.usernameFragmentText, true);
                    out.append('}');
                }
            }
        }
        return out.append('}').toString();
    }

    private static void optional(StringBuilder out, String name, Slot slot, String value, boolean quoted) {
        if (slot == Slot.ABSENT) {
            return;
        }
        out.append(",\"").append(name).append("\":");
        if (slot == Slot.NULL) {
            out.append("null");
        } else if (quoted) {
            string(out, value);
        } else {
            out.append(value);
        }
    }

    static StringBuilder string(StringBuilder out, String value) {
        out.append('"');
        QUOTER.quoteAsString(value, out);
        return out.append('"');
    }
}
