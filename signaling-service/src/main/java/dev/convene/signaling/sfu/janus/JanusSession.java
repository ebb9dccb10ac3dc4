package dev.convene.signaling.sfu.janus;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * A Janus session: the container of plugin handles, kept alive with a keepalive every
 * ≤ 25 s (Janus' session_timeout is 60 s). It ends when destroyed, when Janus reports
 * {@code timeout}, or when its connection is lost; then every handle gets a LOST event.
 */
public final class JanusSession {

    private static final Logger LOG = Logger.getLogger(JanusSession.class);

    private final JanusConnection connection;
    private final long id;
    private final Map<Long, JanusHandle> handles = new ConcurrentHashMap<>();
    private volatile boolean alive = true;
    private long keepaliveTimer = -1;

    JanusSession(JanusConnection connection, long id) {
        this.connection = connection;
        this.id = id;
    }

    public long id() {
        return id;
    }

    public boolean isAlive() {
        return alive;
    }

    public JanusConnection connection() {
        return connection;
    }

    /** Attaches a handle of {@code plugin} (e.g. "janus.plugin.videoroom"). */
    public Uni<JanusHandle> attach(String plugin) {
        return Uni.createFrom().completionStage(() -> request(new JsonObject()
                        .put("janus", "attach").put("plugin", plugin), Transactions.Expect.FINAL, "attach")
                .thenApply(answer -> {
                    JanusHandle handle = new JanusHandle(this, answer.getJsonObject("data").getLong("id"));
                    handles.put(handle.id(), handle);
                    return handle;
                }));
    }

    /** Destroys the session (and with it all its handles) in Janus. Never fails. */
    public Uni<Void> destroy() {
        if (!alive) {
            return Uni.createFrom().voidItem();
        }
        end();
        return Uni.createFrom().completionStage(() -> request(new JsonObject().put("janus", "destroy"),
                        Transactions.Expect.FINAL, "destroy session"))
                .replaceWithVoid()
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    java.util.concurrent.CompletableFuture<JsonObject> request(JsonObject message, Transactions.Expect expect, String what) {
        if (!alive && !"destroy".equals(message.getString("janus"))) {
            return java.util.concurrent.CompletableFuture.failedFuture(
                    new JanusUnavailableException("session " + id + " is gone"));
        }
        return connection.request(message.put("session_id", id), expect, what);
    }

    void forget(JanusHandle handle) {
        handles.remove(handle.id(), handle);
    }

    void startKeepalive(long everyMs) {
        keepaliveTimer = connection.vertx().setPeriodic(everyMs, timer -> {
            if (!alive) {
                connection.vertx().cancelTimer(timer);
                return;
            }
            request(new JsonObject().put("janus", "keepalive"), Transactions.Expect.ACK, "keepalive")
                    .whenComplete((ack, failure) -> {
                        if (failure instanceof JanusException janus && janus.code() == 458) {
                            lost("Janus forgot the session"); // 458: no such session
                        } else if (failure != null) {
                            LOG.debugf("keepalive of session %d failed: %s", id, failure.getMessage());
                        }
                    });
        });
    }

    /** An unsolicited message for this session: route it to its handle. */
    void dispatch(JsonObject message) {
        String janus = message.getString("janus", "");
        if ("timeout".equals(janus)) {
            lost("session timed out in Janus");
            return;
        }
        Long sender = message.getLong("sender");
        JanusHandle handle = sender == null ? null : handles.get(sender);
        if (handle == null) {
            LOG.debugf("session %d: %s for unknown handle %s dropped", id, janus, sender);
            return;
        }
        JanusEvent event = JanusEvent.from(message);
        if (event.type() == JanusEvent.Type.DETACHED) {
            handles.remove(sender);
        }
        handle.dispatch(event);
    }

    /** The session died without us destroying it: tell every handle. */
    void lost(String why) {
        if (!alive) {
            return;
        }
        end();
        List<JanusHandle> gone = List.copyOf(handles.values());
        handles.clear();
        gone.forEach(handle -> handle.dispatch(JanusEvent.lost(why)));
    }

    private void end() {
        alive = false;
        connection.forget(this);
        if (keepaliveTimer >= 0) {
            connection.vertx().cancelTimer(keepaliveTimer);
        }
    }
}
