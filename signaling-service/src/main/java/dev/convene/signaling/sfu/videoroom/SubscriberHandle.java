package dev.convene.signaling.sfu.videoroom;

import dev.convene.signaling.sfu.janus.JanusEvent;
import dev.convene.signaling.sfu.janus.JanusHandle;
import dev.convene.signaling.sfu.janus.Jsep;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Consumer;

/**
 * A participant's one multistream subscriber handle: a single PeerConnection that carries
 * every stream it receives. Janus makes the offers here; the browser answers.
 */
public final class SubscriberHandle {

    /** An offer (null when nothing needs renegotiating) and the handle's m-lines after the change. */
    public record Negotiation(Jsep offer, List<SubscriptionStream> streams) {
    }

    /** The simulcast layer a receiver wants on one of its m-lines. */
    public record Layer(String mid, Integer substream, Integer temporal) {
    }

    private final JanusHandle handle;

    public SubscriberHandle(JanusHandle handle) {
        this.handle = handle;
    }

    public JanusHandle handle() {
        return handle;
    }

    public void onEvent(Consumer<JanusEvent> listener) {
        handle.onEvent(listener);
    }

    /** Joins as subscriber to {@code streams} at once → Janus' offer ({@code attached}). */
    public Uni<Negotiation> join(long room, long privateId, List<StreamRef> streams) {
        JsonObject body = new JsonObject().put("request", "join").put("ptype", "subscriber").put("room", room)
                .put("streams", toJson(streams));
        if (privateId != 0) {
            body.put("private_id", privateId);
        }
        return handle.message(body).map(response -> new Negotiation(response.jsep(),
                SubscriptionStream.listFrom(response.data().getJsonArray("streams"))));
    }

    /** Adds and removes streams in one request → {@code updated} with a new offer if anything changed. */
    public Uni<Negotiation> update(List<StreamRef> subscribe, List<StreamRef> unsubscribe) {
        JsonObject body = new JsonObject().put("request", "update");
        if (!subscribe.isEmpty()) {
            body.put("subscribe", toJson(subscribe));
        }
        if (!unsubscribe.isEmpty()) {
            body.put("unsubscribe", toJson(unsubscribe));
        }
        return handle.message(body).map(response -> new Negotiation(response.jsep(),
                SubscriptionStream.listFrom(response.data().getJsonArray("streams"))));
    }

    /** The browser's answer to the latest offer: media starts flowing. */
    public Uni<Void> start(Jsep answer) {
        return handle.message(new JsonObject().put("request", "start"), answer).replaceWithVoid();
    }

    /** Chooses simulcast layers per m-line (0 lowest … 2 highest). */
    public Uni<Void> configure(List<Layer> layers) {
        JsonArray streams = new JsonArray();
        for (Layer layer : layers) {
            JsonObject stream = new JsonObject().put("mid", layer.mid());
            if (layer.substream() != null) {
                stream.put("substream", layer.substream());
            }
            if (layer.temporal() != null) {
                stream.put("temporal", layer.temporal());
            }
            streams.add(stream);
        }
        return configure(streams);
    }

    /**
     * Asks the publishers of these m-lines for a keyframe: Janus sends a PLI for every stream a
     * {@code configure} names with {@code send: true} (already sending, so nothing else changes).
     */
    public Uni<Void> requestKeyframes(List<String> mids) {
        JsonArray streams = new JsonArray();
        mids.forEach(mid -> streams.add(new JsonObject().put("mid", mid).put("send", true)));
        return configure(streams);
    }

    /** One subscriber {@code configure} with per-m-line settings. */
    private Uni<Void> configure(JsonArray streams) {
        return handle.message(new JsonObject().put("request", "configure").put("streams", streams)).replaceWithVoid();
    }

    /** Leaves and detaches; never fails. */
    public Uni<Void> leave() {
        return handle.message(new JsonObject().put("request", "leave"))
                .replaceWithVoid()
                .onFailure().recoverWithNull().replaceWithVoid()
                .onItem().transformToUni(ignored -> handle.detach());
    }

    private static JsonArray toJson(List<StreamRef> streams) {
        JsonArray array = new JsonArray();
        streams.forEach(stream -> array.add(stream.toJson()));
        return array;
    }
}
