package dev.convene.signaling.ws;

import dev.convene.signaling.service.SessionService;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * {@code /ws/rooms/{slug}}: one socket per participant (docs/signaling-protocol.md), served on a
 * plain Vert.x {@link ServerWebSocket}. It is the hot path of the service (every relayed
 * signaling message passes here twice), and a websockets-next endpoint spent most of the CPU of
 * a relay on per-message dispatch (a duplicated context, CDI context activation, a Mutiny
 * {@code Uni} per send) and kept the routing context and a ping timer per connection
 * (docs/PERFORMANCE.md). The HTTP server options that websockets-next configures still apply
 * here: subprotocol selection ({@code convene.v1}), maximum frame and message size.
 * <p>
 * Upgrade: the Origin check of {@link OriginCheck} (403 before any upgrade), then the socket is
 * accepted and the join (token check, presence in Redis) runs on a worker thread; a refused
 * token is a close code, not an HTTP status. Messages are handled on the socket's event loop by
 * {@link RoomInbound}, most of them arriving by the short path of {@link RoomFrames}; the close is
 * handled on a worker ({@link SessionService#closed}).
 */
@ApplicationScoped
public class RoomRoute {

    static final String PATH = "/ws/rooms/:room";
    static final String TOKEN_PROTOCOL_PREFIX = "access_token.";
    static final String RESUME_PROTOCOL_PREFIX = "resume.";
    private static final Logger LOG = Logger.getLogger(RoomRoute.class);

    @Inject
    OriginCheck origins;
    @Inject
    SessionService sessions;
    @Inject
    RoomInbound inbound;
    @Inject
    Vertx vertx;
    /** The limits websockets-next sets on the HTTP server (Vert.x's defaults when unset). */
    @ConfigProperty(name = "quarkus.websockets-next.server.max-message-size")
    Optional<Integer> maxMessageSize;
    @ConfigProperty(name = "quarkus.websockets-next.server.max-frame-size")
    Optional<Integer> maxFrameSize;

    void register(@Observes Router router) {
        router.route(PATH).handler(this::upgrade);
    }

    private void upgrade(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!request.headers().contains(HttpHeaderNames.SEC_WEBSOCKET_KEY)) {
            context.next(); // not a WebSocket handshake: 404 like any unknown path
            return;
        }
        if (!origins.allows(request.getHeader(HttpHeaders.ORIGIN))) {
            context.response().setStatusCode(403).end();
            return;
        }
        String room = context.pathParam("room");
        List<String> protocols = request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
        String token = offered(protocols, TOKEN_PROTOCOL_PREFIX);
        String resume = offered(protocols, RESUME_PROTOCOL_PREFIX);
        ConnectionBase connection = (ConnectionBase) request.connection(); // WebSockets are HTTP/1.1 here
        request.toWebSocket()
                .onSuccess(socket -> open(socket, connection, room, token, resume))
                .onFailure(failure -> LOG.debugf("WebSocket handshake failed: %s", failure.getMessage()));
    }

    private void open(ServerWebSocket webSocket, ConnectionBase connection, String room, String token, String resume) {
        // The handshake headers (the token alone is ~1 KB) would otherwise live as long as the socket.
        webSocket.headers().clear();
        RoomSocket socket = new RoomSocket(webSocket, room);
        Handler<byte[]> onText = frame -> inbound.onText(socket, frame);
        // what the short path leaves to Vert.x: fragmented messages
        webSocket.textMessageHandler(text -> onText.handle(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        socket.frames(RoomFrames.install(connection, onText,
                maxMessageSize.orElse(HttpServerOptions.DEFAULT_MAX_WEBSOCKET_MESSAGE_SIZE),
                maxFrameSize.orElse(HttpServerOptions.DEFAULT_MAX_WEBSOCKET_FRAME_SIZE)));
        webSocket.pongHandler(data -> inbound.onPong(socket));
        webSocket.exceptionHandler(failure -> onFailure(socket, failure));
        webSocket.closeHandler(ignored -> {
            socket.markClosed();
            vertx.executeBlocking(() -> {
                sessions.closed(socket);
                return null;
            }, false);
        });
        vertx.executeBlocking(() -> {
            sessions.open(socket, token, resume);
            return null;
        }, false);
    }

    /**
     * Vert.x reports a message above {@code quarkus.websockets-next.server.max-message-size}
     * (assembled from fragments) as an IllegalStateException and keeps the socket open; answer
     * with the standard "message too big" close. A single oversize frame is closed with 1009 by
     * Netty's frame decoder itself. Anything else (a reset connection) is followed by the close.
     * The participant may resume: an oversize message is a client bug, not a leave.
     */
    private static void onFailure(RoomSocket socket, Throwable failure) {
        if (failure instanceof IllegalStateException) {
            socket.close(CloseCodes.MESSAGE_TOO_BIG, "Message too big");
        } else {
            LOG.debugf("Room socket failure: %s", failure.toString());
        }
    }

    /** The value of an offered subprotocol "prefix&lt;value&gt;" (Sec-WebSocket-Protocol), or null. */
    static String offered(List<String> headers, String prefix) {
        for (String header : headers) {
            for (String protocol : header.split(",")) {
                String trimmed = protocol.trim();
                if (trimmed.startsWith(prefix)) {
                    return trimmed.substring(prefix.length());
                }
            }
        }
        return null;
    }
}
