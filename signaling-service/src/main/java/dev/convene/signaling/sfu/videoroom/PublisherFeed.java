package dev.convene.signaling.sfu.videoroom;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A publisher of a videoroom as Janus announces it: its feed id, its {@code display} (we set
 * it to the participant id, which maps feeds to participants without any extra lookup) and
 * its streams.
 */
public record PublisherFeed(long feedId, String display, List<FeedStream> streams) {

    static PublisherFeed fromJson(JsonObject json) {
        List<FeedStream> streams = new ArrayList<>();
        JsonArray array = json.getJsonArray("streams", new JsonArray());
        for (int i = 0; i < array.size(); i++) {
            streams.add(FeedStream.fromJson(array.getJsonObject(i)));
        }
        return new PublisherFeed(json.getLong("id"), json.getString("display", ""), List.copyOf(streams));
    }

    public static List<PublisherFeed> listFrom(JsonArray array) {
        List<PublisherFeed> feeds = new ArrayList<>();
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                feeds.add(fromJson(array.getJsonObject(i)));
            }
        }
        return List.copyOf(feeds);
    }
}
