package dev.convene.signaling.sfu.janus;

import io.vertx.core.json.JsonObject;

/**
 * The final answer of a plugin request: the plugin's data (e.g. {@code {"videoroom":"joined",…}})
 * and, for negotiations, an SDP.
 */
public record PluginResponse(JsonObject data, Jsep jsep) {

    /** The videoroom's answer kind: "created", "joined", "attached", "updated", "event", … */
    public String kind() {
        return data.getString("videoroom", "");
    }
}
