package dev.convene.signaling.sfu.janus;

import io.vertx.core.json.JsonObject;

/**
 * Something Janus reports about a handle without being asked: a plugin event (e.g. other
 * publishers joined), WebRTC state ({@code webrtcup}, {@code media}, {@code hangup},
 * {@code slowlink}), the handle's end ({@code detached}), or {@link Type#LOST} when the
 * session died with its Janus (connection lost, session timeout).
 */
public record JanusEvent(Type type, JsonObject data, Jsep jsep, JsonObject raw) {

    public enum Type {
        PLUGIN_EVENT("event"), WEBRTC_UP("webrtcup"), MEDIA("media"), HANGUP("hangup"),
        SLOWLINK("slowlink"), DETACHED("detached"), LOST("lost"), OTHER("");

        private final String janusName;

        Type(String janusName) {
            this.janusName = janusName;
        }

        static Type of(String janus) {
            for (Type type : values()) {
                if (type.janusName.equals(janus)) {
                    return type;
                }
            }
            return OTHER;
        }
    }

    static JanusEvent from(JsonObject message) {
        JsonObject plugindata = message.getJsonObject("plugindata");
        JsonObject data = plugindata == null ? new JsonObject() : plugindata.getJsonObject("data", new JsonObject());
        return new JanusEvent(Type.of(message.getString("janus", "")), data, Jsep.of(message), message);
    }

    static JanusEvent lost(String why) {
        return new JanusEvent(Type.LOST, new JsonObject(), null, new JsonObject().put("reason", why));
    }

    /** For a plugin event: the videoroom's event kind ("event", "updated", "talking", …). */
    public String kind() {
        return data.getString("videoroom", "");
    }
}
