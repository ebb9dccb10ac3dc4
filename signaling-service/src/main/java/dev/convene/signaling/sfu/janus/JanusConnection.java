package dev.convene.signaling.sfu.janus;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The one WebSocket (subprotocol {@code janus-protocol}) between this replica and one Janus.
 * It numbers requests by transaction and matches answers to them ({@link Transactions}), adds
 * the api_secret to every request, routes unsolicited events to their session/handle, probes
 * the Janus with {@code ping} and reconnects with backoff when the socket is lost.
 *
 * <p>Janus destroys the sessions of a transport connection that goes away, so losing the socket
 * loses every session on it: their pending requests fail at once, their handles get a
 * {@link JanusEvent.Type#LOST} event, and listeners hear {@link State#DOWN} — the pool's
 * "janus-down" signal. Nothing here blocks: answers complete futures from the Vert.x event loop.
 */
public final class JanusConnection {

    public enum State { CONNECTING, UP, DOWN, CLOSED }

    static final String SUBPROTOCOL = "janus-protocol";
    private static final Logger LOG = Logger.getLogger(JanusConnection.class);
    private static final long FIRST_BACKOFF_MS = 200;

    private final Vertx vertx;
    private final String url;
    private final JanusSettings settings;
    private final WebSocketClient client;
    private final Transactions transactions;
    private final Map<Long, JanusSession> sessions = new ConcurrentHashMap<>();
    private final List<Consumer<State>> stateListeners = new CopyOnWriteArrayList<>();

    private volatile WebSocket socket;
    private volatile State state = State.CONNECTING;
    private long backoffMs = FIRST_BACKOFF_MS;
    private long pingTimer = -1;
    private boolean warnedDown;

    public JanusConnection(Vertx vertx, String url, JanusSettings settings) {
        this.vertx = vertx;
        this.url = url;
        this.settings = settings;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setConnectTimeout(5000)
                .setMaxFrameSize(1 << 20)
                .setMaxMessageSize(8 << 20));
        this.transactions = new Transactions(vertx, Long.toString(System.nanoTime() % 100_000, 36) + "-");
    }

    public String url() {
        return url;
    }

    public State state() {
        return state;
    }

    public boolean isUp() {
        return state == State.UP;
    }

    /** Called on every state change (on the event loop); DOWN means every session is gone. */
    public void onStateChange(Consumer<State> listener) {
        stateListeners.add(listener);
    }

    /** Connects (and keeps reconnecting until {@link #close}). */
    public void start() {
        connect();
    }

    public void close() {
        setState(State.CLOSED);
        WebSocket current = socket;
        socket = null;
        stopPing();
        transactions.failAll(new JanusUnavailableException("connection to " + url + " closed"));
        sessions.values().forEach(session -> session.lost("connection closed"));
        sessions.clear();
        if (current != null) {
            current.close();
        }
        client.close();
    }

    // ------------------------------------------------------------------------- API

    /** A new Janus session on this connection (kept alive until destroyed or lost). */
    public Uni<JanusSession> createSession() {
        return Uni.createFrom().completionStage(() -> request(new JsonObject().put("janus", "create"),
                Transactions.Expect.FINAL, "create")
                .thenApply(answer -> {
                    long id = answer.getJsonObject("data").getLong("id");
                    JanusSession session = new JanusSession(this, id);
                    sessions.put(id, session);
                    session.startKeepalive(settings.keepaliveInterval().toMillis());
                    return session;
                }));
    }

    /** Janus' server info (name, version, plugins); a cheap end-to-end check. */
    public Uni<JsonObject> info() {
        return Uni.createFrom().completionStage(() -> request(new JsonObject().put("janus", "info"),
                Transactions.Expect.FINAL, "info"));
    }

    int pendingRequests() {
        return transactions.size();
    }

    /**
     * Sends {@code message} with a fresh transaction and the api_secret, and completes with the
     * message that answers it. Fails at once when not connected.
     */
    CompletableFuture<JsonObject> request(JsonObject message, Transactions.Expect expect, String what) {
        WebSocket ws = socket;
        if (ws == null || state != State.UP) {
            return CompletableFuture.failedFuture(new JanusUnavailableException("Janus " + url + " is not connected"));
        }
        String transaction = transactions.nextId();
        message.put("transaction", transaction);
        settings.apiSecret().ifPresent(secret -> message.put("apisecret", secret));
        CompletableFuture<JsonObject> answer = transactions.register(transaction, expect,
                settings.requestTimeout().toMillis(), what + " on " + url);
        ws.writeTextMessage(message.encode()).onFailure(failure -> transactions.fail(transaction,
                new JanusUnavailableException("could not send " + what + " to " + url + ": " + failure.getMessage())));
        return answer;
    }

    void forget(JanusSession session) {
        sessions.remove(session.id(), session);
    }

    Vertx vertx() {
        return vertx;
    }

    // --------------------------------------------------------------- connection

    private void connect() {
        if (state == State.CLOSED) {
            return;
        }
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setAbsoluteURI(url)
                .addSubProtocol(SUBPROTOCOL)
                .setConnectTimeout(5000);
        client.connect(options).onComplete(result -> {
            if (result.failed()) {
                retry(result.cause().getMessage());
                return;
            }
            WebSocket ws = result.result();
            if (state == State.CLOSED) {
                ws.close();
                return;
            }
            socket = ws;
            ws.textMessageHandler(text -> received(ws, text));
            ws.exceptionHandler(failure -> lost(ws, failure.getMessage()));
            ws.closeHandler(ignored -> lost(ws, "closed by Janus"));
            backoffMs = FIRST_BACKOFF_MS;
            warnedDown = false;
            LOG.infof("Janus %s connected", url);
            setState(State.UP);
            startPing();
        });
    }

    private void retry(String why) {
        if (state == State.CLOSED) {
            return;
        }
        if (state != State.DOWN) {
            setState(State.DOWN);
        }
        if (!warnedDown) {
            LOG.warnf("Janus %s unreachable (%s); retrying in the background", url, why);
            warnedDown = true;
        } else {
            LOG.debugf("Janus %s still unreachable (%s)", url, why);
        }
        long delay = backoffMs;
        backoffMs = Math.min(settings.maxReconnectDelay().toMillis(), backoffMs * 2);
        vertx.setTimer(delay, id -> connect());
    }

    /** The socket is gone: every session on it is gone too (Janus drops them with their transport). */
    private void lost(WebSocket ws, String why) {
        synchronized (this) {
            if (ws != socket) {
                return; // already handled for this socket
            }
            socket = null;
        }
        LOG.warnf("Janus %s connection lost (%s)", url, why);
        stopPing();
        setState(State.DOWN); // first: whoever reacts to the failures below must already see it down
        transactions.failAll(new JanusUnavailableException("connection to " + url + " lost: " + why));
        List<JanusSession> gone = List.copyOf(sessions.values());
        sessions.clear();
        gone.forEach(session -> session.lost("Janus connection lost"));
        if (!ws.isClosed()) {
            ws.close();
        }
        warnedDown = true; // just logged
        retry(why);
    }

    private void received(WebSocket ws, String text) {
        JsonObject message;
        try {
            message = new JsonObject(text);
        } catch (DecodeException e) {
            LOG.warnf("Janus %s sent a frame that is not JSON: %.200s", url, text);
            return;
        }
        String transaction = message.getString("transaction");
        if (transaction != null && transactions.answer(transaction, message)) {
            return;
        }
        if (transaction != null && !"event".equals(message.getString("janus"))) {
            LOG.debugf("Janus %s: late answer to %s dropped", url, transaction);
            return;
        }
        Long sessionId = message.getLong("session_id");
        JanusSession session = sessionId == null ? null : sessions.get(sessionId);
        if (session != null) {
            session.dispatch(message);
        } else {
            LOG.debugf("Janus %s: event for unknown session %s dropped", url, sessionId);
        }
    }

    private void setState(State next) {
        if (state == State.CLOSED && next != State.CLOSED) {
            return;
        }
        state = next;
        for (Consumer<State> listener : stateListeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Janus %s: state listener failed", url);
            }
        }
    }

    // ---------------------------------------------------------------- liveness

    /**
     * A Janus that is stopped (not dead) keeps its TCP connection open; only a missed pong
     * tells. Then the socket is dropped, which fails everything on it and starts reconnecting.
     */
    private synchronized void startPing() {
        stopPing();
        long every = settings.pingInterval().toMillis();
        WebSocket ws = socket;
        pingTimer = vertx.setPeriodic(every, id -> {
            if (socket != ws) {
                return;
            }
            request(new JsonObject().put("janus", "ping"), Transactions.Expect.FINAL, "ping")
                    .whenComplete((pong, failure) -> {
                        if (failure != null && socket == ws) {
                            lost(ws, "no pong: " + failure.getMessage());
                        }
                    });
        });
    }

    private synchronized void stopPing() {
        if (pingTimer >= 0) {
            vertx.cancelTimer(pingTimer);
            pingTimer = -1;
        }
    }
}
