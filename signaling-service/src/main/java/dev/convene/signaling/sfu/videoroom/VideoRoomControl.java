package dev.convene.signaling.sfu.videoroom;

import dev.convene.signaling.sfu.janus.JanusConnection;
import dev.convene.signaling.sfu.janus.JanusException;
import dev.convene.signaling.sfu.janus.JanusHandle;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Room administration on one Janus through a control handle of its own (one session per
 * instance, created on first use and again after the connection was lost): create (with the
 * admin_key), destroy, exists, list, participants, recording on/off.
 */
public final class VideoRoomControl {

    public static final String PLUGIN = "janus.plugin.videoroom";

    /** A room as {@code list} shows it. */
    public record RoomSummary(long room, String description, int participants) {
    }

    private final JanusConnection connection;
    private final Optional<String> adminKey;
    private CompletableFuture<JanusHandle> handle;

    public VideoRoomControl(JanusConnection connection, Optional<String> adminKey) {
        this.connection = connection;
        this.adminKey = adminKey;
    }

    /**
     * Creates the room unless it exists (427 counts as success): every replica that needs a
     * placed room may call this, and Janus itself makes sure only one room comes out of it.
     */
    public Uni<Long> createIfAbsent(RoomSpec spec) {
        JsonObject body = withAdminKey(new JsonObject()
                .put("request", "create")
                .put("room", spec.id())
                .put("description", spec.description())
                .put("permanent", false)
                .put("publishers", spec.maxPublishers())
                .put("bitrate", spec.bitrate())
                .put("fir_freq", spec.firFrequency())
                .put("videocodec", "vp8")
                .put("audiocodec", "opus")
                .put("notify_joining", true)
                .put("record", spec.record()));
        if (spec.recordingDir() != null) { // also for rooms that start recording later
            body.put("rec_dir", spec.recordingDir());
        }
        return request(body).replaceWith(spec.id())
                .onFailure(JanusException.class).recoverWithUni(failure ->
                        ((JanusException) failure).code() == VideoRoomErrors.ROOM_EXISTS
                                ? Uni.createFrom().item(spec.id())
                                : Uni.createFrom().failure(failure));
    }

    /** Destroys the room; false if it did not exist. */
    public Uni<Boolean> destroy(long room) {
        return request(withAdminKey(new JsonObject().put("request", "destroy").put("room", room)))
                .replaceWith(true)
                .onFailure(JanusException.class).recoverWithUni(failure ->
                        ((JanusException) failure).code() == VideoRoomErrors.NO_SUCH_ROOM
                                ? Uni.createFrom().item(false)
                                : Uni.createFrom().failure(failure));
    }

    public Uni<Boolean> exists(long room) {
        return request(new JsonObject().put("request", "exists").put("room", room))
                .map(data -> data.getBoolean("exists", false));
    }

    public Uni<List<RoomSummary>> list() {
        return request(withAdminKey(new JsonObject().put("request", "list"))).map(data -> {
            List<RoomSummary> rooms = new ArrayList<>();
            JsonArray list = data.getJsonArray("list", new JsonArray());
            for (int i = 0; i < list.size(); i++) {
                JsonObject room = list.getJsonObject(i);
                rooms.add(new RoomSummary(room.getLong("room"), room.getString("description", ""),
                        room.getInteger("num_participants", 0)));
            }
            return rooms;
        });
    }

    /** Participants of a room ({@code id, display, publisher}); fails with 426 if there is no such room. */
    public Uni<List<JsonObject>> participants(long room) {
        return request(new JsonObject().put("request", "listparticipants").put("room", room)).map(data -> {
            List<JsonObject> participants = new ArrayList<>();
            JsonArray list = data.getJsonArray("participants", new JsonArray());
            for (int i = 0; i < list.size(); i++) {
                participants.add(list.getJsonObject(i));
            }
            return participants;
        });
    }

    /** Starts or stops recording every publisher of the room (one .mjr file per track). */
    public Uni<Void> record(long room, boolean on) {
        return request(withAdminKey(new JsonObject().put("request", "enable_recording").put("room", room)
                .put("record", on))).replaceWithVoid();
    }

    private JsonObject withAdminKey(JsonObject body) {
        adminKey.ifPresent(key -> body.put("admin_key", key));
        return body;
    }

    private Uni<JsonObject> request(JsonObject body) {
        return controlHandle().onItem().transformToUni(h -> h.message(body)).map(response -> response.data());
    }

    /** The control handle, (re)created when missing or when its session died with the connection. */
    private synchronized Uni<JanusHandle> controlHandle() {
        CompletableFuture<JanusHandle> current = handle;
        if (current != null && (!current.isDone() || usable(current))) {
            return Uni.createFrom().completionStage(current);
        }
        CompletableFuture<JanusHandle> fresh = new CompletableFuture<>();
        handle = fresh;
        connection.createSession()
                .onItem().transformToUni(session -> session.attach(PLUGIN))
                .subscribe().with(fresh::complete, fresh::completeExceptionally);
        return Uni.createFrom().completionStage(fresh);
    }

    private static boolean usable(CompletableFuture<JanusHandle> done) {
        return !done.isCompletedExceptionally() && done.join().session().isAlive();
    }
}
