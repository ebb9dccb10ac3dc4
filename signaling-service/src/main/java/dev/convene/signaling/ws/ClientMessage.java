package dev.convene.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * A client frame, parsed and validated against docs/signaling-protocol.md: either a message
 * with its type and JSON body, or the error to answer with (the connection stays open).
 * Relayed types (offer, answer, candidate) carry no body but their target and the relayed
 * fields as JSON text ({@link #relayFrame}); they are parsed by {@link RelayParser} without a
 * tree, the tree validation below being the reference it must agree with.
 */
public record ClientMessage(String type, ObjectNode body, String to, String relayTail, String errorCode, String errorMessage) {

    public static final String PING = "ping";
    public static final String OFFER = "offer";
    public static final String ANSWER = "answer";
    public static final String CANDIDATE = "candidate";
    public static final String STATE = "state";
    public static final String REACTION = "reaction";
    public static final String SPEAKING = "speaking";
    public static final String LEAVE = "leave";
    /** Host only: server-side recording in SFU mode (docs/recording.md). */
    public static final String RECORDING_START = "recording.start";
    public static final String RECORDING_STOP = "recording.stop";
    /** Reserved for the SFU (Janus) mode: sfu.publish, sfu.subscribe, ... */
    public static final String SFU_NAMESPACE = "sfu.";

    static final int MAX_ID_LENGTH = 64;
    static final int MAX_EMOJI_LENGTH = 32;

    public boolean isValid() {
        return errorCode == null;
    }

    static ClientMessage error(String code, String message) {
        return new ClientMessage(null, null, null, null, code, message);
    }

    static ClientMessage relay(String type, String to, String relayTail) {
        return new ClientMessage(type, null, to, relayTail, null, null);
    }

    public boolean isRelay() {
        return relayTail != null;
    }

    /**
     * The frame the target receives: only the protocol's fields, with the sender's id in place
     * of the target's, e.g. {@code {"type":"offer","from":"<id>","sdp":"…","iceRestart":false}}.
     */
    public String relayFrame(String from) {
        StringBuilder out = new StringBuilder(32 + from.length() + relayTail.length()).append("{\"type\":\"").append(type)
                .append("\",\"from\":");
        return RelayParser.string(out, from).append(relayTail).toString();
    }

    public static ClientMessage parse(ObjectMapper json, String frame) {
        ClientMessage relay = RelayParser.parse(json.getFactory(), frame);
        return relay != null ? relay : parseTree(json, frame);
    }

    /** The reference validation of every type (and the parser of the low-rate ones). */
    static ClientMessage parseTree(ObjectMapper json, String frame) {
        JsonNode node;
        try {
            node = json.readTree(frame);
        } catch (IOException e) {
            return error("malformed_message", "Frame is not valid JSON");
        }
        if (!(node instanceof ObjectNode body) || !body.path("type").isTextual()) {
            return error("malformed_message", "Frame must be a JSON object with a string \"type\"");
        }
        String type = body.get("type").textValue();
        String problem = switch (type) {
            case PING -> optionalInteger(body, "seq");
            case OFFER -> first(target(body), text(body, "sdp"), optionalBoolean(body, "iceRestart"));
            case ANSWER -> first(target(body), text(body, "sdp"));
            case CANDIDATE -> first(target(body), candidate(body.get("candidate")));
            case STATE -> state(body);
            case REACTION -> emoji(body);
            case SPEAKING -> first(bool(body, "speaking"), level(body));
            case LEAVE -> null;
            case RECORDING_START, RECORDING_STOP -> null;
            default -> type.startsWith(SFU_NAMESPACE) ? "!not_supported" : "!unknown_type";
        };
        if (problem == null) {
            return switch (type) {
                case OFFER, ANSWER, CANDIDATE -> relay(type, body.get("to").textValue(), relayTail(json, type, body));
                default -> new ClientMessage(type, body, null, null, null, null);
            };
        }
        if (problem.equals("!not_supported")) {
            return error("not_supported", "The SFU mode is not available on this server");
        }
        if (problem.equals("!unknown_type")) {
            return error("unknown_type", "Unknown message type \"" + abbreviate(type) + "\"");
        }
        return error("invalid_field", type + ": " + problem);
    }

    /** Only the validated fields travel (unknown ones are dropped), serialised after "from". */
    private static String relayTail(ObjectMapper json, String type, ObjectNode in) {
        ObjectNode out = json.createObjectNode();
        switch (type) {
            case OFFER -> out.put("sdp", in.get("sdp").textValue()).put("iceRestart", in.path("iceRestart").asBoolean(false));
            case ANSWER -> out.put("sdp", in.get("sdp").textValue());
            default -> {
                JsonNode candidate = in.get("candidate");
                if (candidate.isNull()) {
                    out.set("candidate", candidate);
                } else {
                    ObjectNode copy = out.putObject("candidate").put("candidate", candidate.get("candidate").textValue());
                    for (String field : new String[] {"sdpMid", "sdpMLineIndex", "usernameFragment"}) {
                        if (candidate.has(field)) {
                            copy.set(field, candidate.get(field));
                        }
                    }
                }
            }
        }
        return "," + out.toString().substring(1); // {"sdp":…} → ,"sdp":…}
    }

    private static String first(String... problems) {
        for (String p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static String target(ObjectNode body) {
        JsonNode to = body.get("to");
        return to != null && to.isTextual() && !to.textValue().isEmpty() && to.textValue().length() <= MAX_ID_LENGTH
                ? null : "\"to\" must be a participant id";
    }

    private static String text(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && value.isTextual() && !value.textValue().isEmpty() ? null : "\"" + field + "\" must be a non-empty string";
    }

    private static String bool(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && value.isBoolean() ? null : "\"" + field + "\" must be a boolean";
    }

    private static String optionalBoolean(ObjectNode body, String field) {
        return body.has(field) ? bool(body, field) : null;
    }

    private static String optionalInteger(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.canConvertToLong() && value.isIntegralNumber() ? null : "\"" + field + "\" must be an integer";
    }

    /** RTCIceCandidateInit, or null for "end of candidates". */
    private static String candidate(JsonNode candidate) {
        if (candidate == null) {
            return "\"candidate\" is required (an RTCIceCandidateInit or null)";
        }
        if (candidate.isNull()) {
            return null;
        }
        if (!candidate.isObject() || !candidate.path("candidate").isTextual()) {
            return "\"candidate.candidate\" must be a string";
        }
        JsonNode mid = candidate.get("sdpMid");
        JsonNode index = candidate.get("sdpMLineIndex");
        JsonNode ufrag = candidate.get("usernameFragment");
        if (mid != null && !mid.isNull() && !mid.isTextual()
                || index != null && !index.isNull() && !(index.isIntegralNumber() && index.asInt() >= 0)
                || ufrag != null && !ufrag.isNull() && !ufrag.isTextual()) {
            return "\"candidate\" fields have wrong types";
        }
        return null;
    }

    private static String state(ObjectNode body) {
        boolean any = false;
        for (String field : dev.convene.signaling.service.MediaState.FIELDS) {
            if (body.has(field)) {
                if (!body.get(field).isBoolean()) {
                    return "\"" + field + "\" must be a boolean";
                }
                any = true;
            }
        }
        return any ? null : "at least one of mic, camera, screen, hand is required";
    }

    private static String emoji(ObjectNode body) {
        JsonNode emoji = body.get("emoji");
        return emoji != null && emoji.isTextual() && !emoji.textValue().isBlank()
                && emoji.textValue().length() <= MAX_EMOJI_LENGTH ? null : "\"emoji\" must be a short non-empty string";
    }

    private static String level(ObjectNode body) {
        JsonNode level = body.get("level");
        return level == null || level.isNumber() && level.asDouble() >= 0 && level.asDouble() <= 1
                ? null : "\"level\" must be a number from 0 to 1";
    }

    private static String abbreviate(String type) {
        String safe = type.length() > 40 ? type.substring(0, 40) + "…" : type;
        return safe.replaceAll("[\\p{Cntrl}\"\\\\]", "?");
    }
}
