package dev.convene.signaling.sfu.janus;

import io.vertx.core.json.JsonObject;

/** An SDP offer or answer as Janus carries it next to a message ("jsep"). */
public record Jsep(String type, String sdp) {

    public static Jsep offer(String sdp) {
        return new Jsep("offer", sdp);
    }

    public static Jsep answer(String sdp) {
        return new Jsep("answer", sdp);
    }

    public boolean isOffer() {
        return "offer".equals(type);
    }

    JsonObject toJson() {
        return new JsonObject().put("type", type).put("sdp", sdp);
    }

    /** The jsep of a Janus message, or null if it has none. */
    static Jsep of(JsonObject message) {
        JsonObject jsep = message.getJsonObject("jsep");
        if (jsep == null || jsep.getString("sdp") == null) {
            return null;
        }
        return new Jsep(jsep.getString("type"), jsep.getString("sdp"));
    }
}
