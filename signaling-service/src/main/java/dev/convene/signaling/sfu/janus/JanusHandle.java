package dev.convene.signaling.sfu.janus;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * A plugin handle (one PeerConnection on the Janus side). Plugin requests complete with the
 * plugin's final answer — a synchronous {@code success} or, after Janus' {@code ack}, the
 * {@code event} of the same transaction — and fail with {@link JanusException} when the plugin
 * reports an {@code error_code}. Unsolicited events go to the one listener.
 */
public final class JanusHandle {

    private static final Logger LOG = Logger.getLogger(JanusHandle.class);
    private static final Consumer<JanusEvent> NO_LISTENER = event -> { };

    private final JanusSession session;
    private final long id;
    private volatile Consumer<JanusEvent> listener = NO_LISTENER;

    JanusHandle(JanusSession session, long id) {
        this.session = session;
        this.id = id;
    }

    public long id() {
        return id;
    }

    public JanusSession session() {
        return session;
    }

    /** Receives this handle's unsolicited events (on the connection's event loop). */
    public void onEvent(Consumer<JanusEvent> listener) {
        this.listener = listener == null ? NO_LISTENER : listener;
    }

    /** A plugin request ({@code body}) with an optional SDP. */
    public Uni<PluginResponse> message(JsonObject body, Jsep jsep) {
        return Uni.createFrom().completionStage(() -> {
            JsonObject message = new JsonObject().put("janus", "message").put("body", body);
            if (jsep != null) {
                message.put("jsep", jsep.toJson());
            }
            return request(message, Transactions.Expect.FINAL, body.getString("request", "message"))
                    .thenApply(JanusHandle::pluginResponse);
        });
    }

    public Uni<PluginResponse> message(JsonObject body) {
        return message(body, null);
    }

    /**
     * Trickles one ICE candidate of the browser's PeerConnection ({@code candidate, sdpMid,
     * sdpMLineIndex}), or the end of candidates when {@code candidate} is null.
     */
    public Uni<Void> trickle(JsonObject candidate) {
        return Uni.createFrom().completionStage(() -> request(new JsonObject().put("janus", "trickle")
                        .put("candidate", candidate == null ? new JsonObject().put("completed", true) : candidate),
                Transactions.Expect.ACK, "trickle")).replaceWithVoid();
    }

    /** Closes the PeerConnection but keeps the handle. */
    public Uni<Void> hangup() {
        return Uni.createFrom().completionStage(() -> request(new JsonObject().put("janus", "hangup"),
                Transactions.Expect.FINAL, "hangup")).replaceWithVoid();
    }

    /** Detaches the handle; never fails (a gone session took the handle with it). */
    public Uni<Void> detach() {
        session.forget(this);
        if (!session.isAlive()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().completionStage(() -> request(new JsonObject().put("janus", "detach"),
                        Transactions.Expect.FINAL, "detach"))
                .replaceWithVoid()
                .onFailure().invoke(failure -> LOG.debugf("detach of handle %d: %s", id, failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    void dispatch(JanusEvent event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            LOG.errorf(e, "handle %d: listener failed on %s", id, event.type());
        }
    }

    private java.util.concurrent.CompletableFuture<JsonObject> request(JsonObject message, Transactions.Expect expect, String what) {
        return session.request(message.put("handle_id", id), expect, what);
    }

    private static PluginResponse pluginResponse(JsonObject answer) {
        JsonObject plugindata = answer.getJsonObject("plugindata");
        JsonObject data = plugindata == null ? new JsonObject() : plugindata.getJsonObject("data", new JsonObject());
        if (data.containsKey("error_code")) {
            throw new JanusException(data.getInteger("error_code"), data.getString("error", ""));
        }
        return new PluginResponse(data, Jsep.of(answer));
    }
}
