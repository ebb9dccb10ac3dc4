package dev.convene.signaling.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A client frame, parsed and validated against docs/signaling-protocol.md: either a message
 * with its type and JSON body, or the error to answer with (the connection stays open).
 * Relayed types (offer, answer, candidate) carry no body but their target and the relayed
 * fields as JSON text ({@link #relayFrame}); they are parsed by {@link RelayParser} without a
 * tree, the tree validation below being the reference it must agree with.
 */
public record ClientMessage(String type, ObjectNode body, String to, RelayTail relayTail, String errorCode, String errorMessage) {

    public static final String PING = "ping";
    public static final String OFFER = "offer";
    public static final String ANSWER = "answer";
    public static final String CANDIDATE = "candidate";
    public static final String STATE = "state";
    public static final String REACTION = "reaction";
    public static final String SPEAKING = "speaking";
    public static final String LEAVE = "leave";
    /** SFU mode (docs/sfu.md): the participant's publishing and receiving connections to Janus. */
    public static final String SFU_JOIN = "sfu.join";
    public static final String SFU_PUBLISH = "sfu.publish";
    public static final String SFU_UNPUBLISH = "sfu.unpublish";
    public static final String SFU_ANSWER = "sfu.answer";
    public static final String SFU_CANDIDATE = "sfu.candidate";
    public static final String SFU_LAYERS = "sfu.layers";
    public static final String SFU_LEAVE = "sfu.leave";
    /** AUTO mode reports (docs/sfu.md, "AUTO switching"). */
    public static final String MEDIA_MODE_READY = "media-mode-ready";
    public static final String MEDIA_P2P_FAILED = "media-p2p-failed";
    public static final String MEDIA_STATS = "media-stats";

    static final int MAX_STREAMS = 16;
    static final int MAX_MID_LENGTH = 16;
    /** Host only: server-side recording in SFU mode (docs/recording.md). */
    public static final String RECORDING_START = "recording.start";
    public static final String RECORDING_STOP = "recording.stop";

    static final int MAX_ID_LENGTH = 64;
    static final int MAX_EMOJI_LENGTH = 32;

    public boolean isValid() {
        return errorCode == null;
    }

    static ClientMessage error(String code, String message) {
        return new ClientMessage(null, null, null, null, code, message);
    }

    static ClientMessage relay(String type, String to, RelayTail relayTail) {
        return new ClientMessage(type, null, to, relayTail, null, null);
    }

    public boolean isRelay() {
        return relayTail != null;
    }

    /**
     * The frame the target receives, as UTF-8 JSON: only the protocol's fields, with the sender's
     * id in place of the target's, e.g.
     * {@code {"type":"offer","from":"<id>","sdp":"…","iceRestart":false}}.
     *
     * @param fromLiteral the sender's id as a JSON string literal ({@link #literal})
     */
    public byte[] relayFrame(byte[] fromLiteral) {
        byte[] head = switch (type) {
            case OFFER -> OFFER_FROM;
            case ANSWER -> ANSWER_FROM;
            default -> CANDIDATE_FROM;
        };
        byte[] frame = new byte[head.length + fromLiteral.length + relayTail.write(null, 0)];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(fromLiteral, 0, frame, head.length, fromLiteral.length);
        relayTail.write(frame, head.length + fromLiteral.length);
        return frame;
    }

    private static final byte[] OFFER_FROM = "{\"type\":\"offer\",\"from\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ANSWER_FROM = "{\"type\":\"answer\",\"from\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CANDIDATE_FROM = "{\"type\":\"candidate\",\"from\":".getBytes(StandardCharsets.US_ASCII);

    /** A text as a UTF-8 JSON string literal, quotes included (a participant id for {@link #relayFrame}). */
    public static byte[] literal(String text) {
        return ("\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(text)) + "\"")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Parses one text message of the client, given as its UTF-8 bytes. */
    public static ClientMessage parse(ObjectMapper json, byte[] frame) {
        ClientMessage relay = RelayParser.parse(frame);
        return relay != null ? relay : parseTree(json, frame);
    }

    /** The reference validation of every type (and the parser of the low-rate ones). */
    static ClientMessage parseTree(ObjectMapper json, byte[] frame) {
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
            case LEAVE, SFU_JOIN, SFU_UNPUBLISH, SFU_LEAVE, RECORDING_START, RECORDING_STOP -> null;
            case SFU_PUBLISH -> first(text(body, "sdp"), publishedStreams(body.get("streams")));
            case SFU_ANSWER -> first(nonNegativeInteger(body, "offerId"), text(body, "sdp"));
            case SFU_CANDIDATE -> first(oneOf(body, "pc", "publisher", "subscriber"), candidate(body.get("candidate")));
            case SFU_LAYERS -> layers(body.get("layers"));
            case MEDIA_MODE_READY -> first(oneOf(body, "mode", "p2p", "sfu"), bool(body, "complete"),
                    nonNegativeInteger(body, "waitedMs"));
            case MEDIA_P2P_FAILED -> participantId(body, "peer");
            case MEDIA_STATS -> first(nonNegativeInteger(body, "peers"), nonNegativeInteger(body, "sendKbps"),
                    body.has("availableKbps") ? nonNegativeInteger(body, "availableKbps") : null, lossRate(body));
            default -> "!unknown_type";
        };
        if (problem == null) {
            return switch (type) {
                case OFFER, ANSWER, CANDIDATE -> relay(type, body.get("to").textValue(), relayTail(json, type, body));
                default -> new ClientMessage(type, body, null, null, null, null);
            };
        }
        if (problem.equals("!unknown_type")) {
            return error("unknown_type", "Unknown message type \"" + abbreviate(type) + "\"");
        }
        return error("invalid_field", type + ": " + problem);
    }

    /** Only the validated fields travel (unknown ones are dropped), serialised after "from". */
    private static RelayTail relayTail(ObjectMapper json, String type, ObjectNode in) {
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
        return RelayTail.of(("," + out.toString().substring(1)).getBytes(StandardCharsets.UTF_8)); // {"sdp":…} → ,"sdp":…}
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
        return participantId(body, "to");
    }

    private static String participantId(ObjectNode body, String field) {
        JsonNode id = body.get(field);
        return id != null && id.isTextual() && !id.textValue().isEmpty() && id.textValue().length() <= MAX_ID_LENGTH
                ? null : "\"" + field + "\" must be a participant id";
    }

    private static String oneOf(ObjectNode body, String field, String... allowed) {
        JsonNode value = body.get(field);
        if (value != null && value.isTextual()) {
            for (String candidate : allowed) {
                if (candidate.equals(value.textValue())) {
                    return null;
                }
            }
        }
        return "\"" + field + "\" must be one of " + String.join(", ", allowed);
    }

    private static String nonNegativeInteger(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && value.isIntegralNumber() && value.canConvertToLong() && value.asLong() >= 0
                ? null : "\"" + field + "\" must be a non-negative integer";
    }

    private static String smallInteger(JsonNode value, int max) {
        return value != null && value.isIntegralNumber() && value.asInt() >= 0 && value.asInt() <= max
                && value.canConvertToInt() ? null : "must be an integer from 0 to " + max;
    }

    private static boolean isMid(JsonNode mid) {
        return mid != null && mid.isTextual() && !mid.textValue().isEmpty() && mid.textValue().length() <= MAX_MID_LENGTH;
    }

    /** sfu.publish streams: [{mid, source: camera|screen|mic}], 1 to MAX_STREAMS. */
    private static String publishedStreams(JsonNode streams) {
        if (streams == null || !streams.isArray() || streams.isEmpty() || streams.size() > MAX_STREAMS) {
            return "\"streams\" must be an array of 1 to " + MAX_STREAMS + " {mid, source}";
        }
        for (JsonNode stream : streams) {
            String source = stream.path("source").asText("");
            if (!stream.isObject() || !isMid(stream.get("mid")) || !stream.path("source").isTextual()
                    || !(source.equals("camera") || source.equals("screen") || source.equals("mic"))) {
                return "\"streams\" entries need a \"mid\" and a \"source\" (camera, screen or mic)";
            }
        }
        return null;
    }

    /** sfu.layers: [{mid, substream 0-2, temporal? 0-2}], 1 to MAX_STREAMS * 4. */
    private static String layers(JsonNode layers) {
        if (layers == null || !layers.isArray() || layers.isEmpty() || layers.size() > MAX_STREAMS * 4) {
            return "\"layers\" must be a non-empty array of {mid, substream, temporal?}";
        }
        for (JsonNode layer : layers) {
            if (!layer.isObject() || !isMid(layer.get("mid"))) {
                return "\"layers\" entries need a \"mid\"";
            }
            String problem = smallInteger(layer.get("substream"), 2);
            if (problem == null && layer.has("temporal")) {
                problem = smallInteger(layer.get("temporal"), 2);
            }
            if (problem != null) {
                return "\"layers\" substream/temporal " + problem;
            }
        }
        return null;
    }

    private static String lossRate(ObjectNode body) {
        JsonNode loss = body.get("lossRate");
        return loss == null || loss.isNumber() && loss.asDouble() >= 0 && loss.asDouble() <= 1
                ? null : "\"lossRate\" must be a number from 0 to 1";
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
