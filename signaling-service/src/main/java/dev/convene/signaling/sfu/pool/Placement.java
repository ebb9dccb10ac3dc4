package dev.convene.signaling.sfu.pool;

import io.vertx.core.json.JsonObject;

/**
 * Where a meeting's SFU room lives: the Janus instance (its URL), the numeric videoroom id
 * there, and an epoch that grows with every move to another instance. Stored in Redis as
 * JSON, shared by every signaling replica.
 */
public record Placement(String instance, long janusRoom, long epoch) {

    String toJson() {
        return new JsonObject().put("instance", instance).put("room", janusRoom).put("epoch", epoch)
                .put("at", System.currentTimeMillis()).encode();
    }

    /** Null for a value that is not a placement (written by someone else, or corrupt). */
    static Placement fromJson(String json) {
        try {
            JsonObject o = new JsonObject(json);
            return new Placement(o.getString("instance"), o.getLong("room"), o.getLong("epoch", 1L));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
