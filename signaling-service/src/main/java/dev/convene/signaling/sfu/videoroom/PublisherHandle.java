package dev.convene.signaling.sfu.videoroom;

import dev.convene.signaling.sfu.janus.JanusEvent;
import dev.convene.signaling.sfu.janus.JanusHandle;
import dev.convene.signaling.sfu.janus.Jsep;
import dev.convene.signaling.sfu.janus.PluginResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A participant's publisher handle in a videoroom. Joining makes it a member that hears
 * about other publishers ({@code publishers}/{@code unpublished}/{@code leaving} events) even
 * before — or without ever — publishing; {@link #publish} sends the browser's offer (camera
 * with simulcast, microphone, optionally the screen as a second video m-line) and returns
 * Janus' answer. A later offer on the same PeerConnection (e.g. screen share added) is a
 * renegotiation: {@link #publish} sends it as {@code configure}.
 */
public final class PublisherHandle {

    /** What {@code join} returned: our feed id, the private id subscribers present, current publishers. */
    public record Joined(long feedId, long privateId, List<PublisherFeed> publishers) {
    }

    /** Janus' answer to a publish: its SDP and the streams it accepted. */
    public record Published(Jsep answer, List<FeedStream> streams) {
    }

    private final JanusHandle handle;
    private volatile boolean published;

    public PublisherHandle(JanusHandle handle) {
        this.handle = handle;
    }

    public JanusHandle handle() {
        return handle;
    }

    public void onEvent(Consumer<JanusEvent> listener) {
        handle.onEvent(listener);
    }

    public Uni<Joined> join(long room, String display) {
        return handle.message(new JsonObject().put("request", "join").put("ptype", "publisher")
                        .put("room", room).put("display", display))
                .map(response -> new Joined(response.data().getLong("id"), response.data().getLong("private_id", 0L),
                        PublisherFeed.listFrom(response.data().getJsonArray("publishers"))));
    }

    /**
     * Publishes (or renegotiates) with the browser's offer. {@code descriptions} labels m-lines
     * by mid ("camera", "screen", "mic"); subscribers see the label as feed_description.
     */
    public Uni<Published> publish(Jsep offer, Map<String, String> descriptions) {
        JsonArray labels = new JsonArray();
        descriptions.forEach((mid, description) -> labels.add(new JsonObject().put("mid", mid).put("description", description)));
        JsonObject body = new JsonObject().put("request", published ? "configure" : "publish");
        if (!labels.isEmpty()) {
            body.put("descriptions", labels);
        }
        return handle.message(body, offer).map(response -> {
            published = true;
            return new Published(response.jsep(), streamsOf(response));
        });
    }

    public boolean isPublished() {
        return published;
    }

    public Uni<Void> unpublish() {
        published = false;
        return handle.message(new JsonObject().put("request", "unpublish")).replaceWithVoid();
    }

    /** Leaves the room and detaches; never fails. */
    public Uni<Void> leave() {
        return handle.message(new JsonObject().put("request", "leave"))
                .replaceWithVoid()
                .onFailure().recoverWithNull().replaceWithVoid()
                .onItem().transformToUni(ignored -> handle.detach());
    }

    private static List<FeedStream> streamsOf(PluginResponse response) {
        JsonArray streams = response.data().getJsonArray("streams", new JsonArray());
        return streams.stream().map(s -> FeedStream.fromJson((JsonObject) s)).toList();
    }
}
