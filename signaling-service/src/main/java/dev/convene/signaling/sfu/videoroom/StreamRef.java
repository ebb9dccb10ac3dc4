package dev.convene.signaling.sfu.videoroom;

import io.vertx.core.json.JsonObject;

/** A publisher's stream to subscribe to or drop: its feed and its mid in the publisher's SDP. */
public record StreamRef(long feed, String mid) {

    JsonObject toJson() {
        JsonObject json = new JsonObject().put("feed", feed);
        if (mid != null) {
            json.put("mid", mid);
        }
        return json;
    }
}
