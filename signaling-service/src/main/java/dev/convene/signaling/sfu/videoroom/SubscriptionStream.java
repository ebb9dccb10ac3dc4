package dev.convene.signaling.sfu.videoroom;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One m-line of a subscriber's PeerConnection as Janus describes it: the subscriber-side
 * {@code mid}, and which publisher stream it carries ({@code feedId}/{@code feedMid}, the
 * feed's display = participant id, and its description "camera"/"screen"). An inactive
 * m-line (its publisher left or it was unsubscribed) carries nothing and may be reused.
 */
public record SubscriptionStream(String mid, String type, boolean active, Long feedId, String feedMid,
        String feedDisplay, String feedDescription) {

    static SubscriptionStream fromJson(JsonObject json) {
        return new SubscriptionStream(json.getString("mid"), json.getString("type", ""),
                json.getBoolean("active", true), json.getLong("feed_id"), json.getString("feed_mid"),
                json.getString("feed_display"), json.getString("feed_description"));
    }

    public static List<SubscriptionStream> listFrom(JsonArray array) {
        List<SubscriptionStream> streams = new ArrayList<>();
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                streams.add(fromJson(array.getJsonObject(i)));
            }
        }
        return List.copyOf(streams);
    }

    /** True if this m-line currently carries a publisher's stream. */
    public boolean carriesMedia() {
        return active && feedId != null && !"data".equals(type);
    }
}
