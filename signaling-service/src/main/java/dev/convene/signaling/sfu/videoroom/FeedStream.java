package dev.convene.signaling.sfu.videoroom;

import io.vertx.core.json.JsonObject;

/**
 * One stream a publisher sends (an m-line of its offer): {@code mid} as in the publisher's SDP,
 * {@code type} audio/video/data, our {@code description} label ("camera", "screen", "mic"),
 * whether it is {@code disabled} (the publisher stopped it) and whether it has simulcast layers.
 */
public record FeedStream(String mid, String type, String description, boolean disabled, boolean simulcast) {

    static FeedStream fromJson(JsonObject json) {
        return new FeedStream(json.getString("mid"), json.getString("type", ""), json.getString("description"),
                json.getBoolean("disabled", false), json.getBoolean("simulcast", false));
    }
}
