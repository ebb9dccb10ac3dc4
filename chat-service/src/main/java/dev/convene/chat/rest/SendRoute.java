package dev.convene.chat.rest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.convene.chat.model.SendMessageRequest;
import dev.convene.chat.security.RoomCaller;
import dev.convene.chat.security.RoomTokenVerifier;
import dev.convene.chat.service.MessageService;
import dev.convene.chat.service.SendResult;
import dev.convene.common.error.ApiError;
import dev.convene.common.error.ApiException;
import dev.convene.common.error.ErrorCodes;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;

/**
 * The send endpoint, {@code PUT /api/chat/rooms/{room}/messages/{clientId}}, on a plain Vert.x
 * route on the event loop. It is the hot path of the service (one call per chat message), and
 * behind RESTEasy Reactive a send spent most of its CPU in the framework — the handler chain,
 * the security filters (which this endpoint does not use: it verifies its room token itself)
 * and the per-request CDI context — rather than in chat's own work (docs/PERFORMANCE.md).
 *
 * <p>Same contract as {@link MessageResource}: the same ObjectMapper parses the body and writes
 * the answer, the same checks run in the same order (body, token, grant, client id, text), and
 * errors are the same {@link ApiError} JSON with the same status and headers. Only the plain
 * shape of a send is served here — a path without escapes or matrix parameters, a declared
 * length within the JSON limit, {@code Content-Type: application/json}, an Accept that allows
 * JSON; anything else (chunked bodies, 100-continue, odd media types, …) goes on unchanged to
 * the RESTEasy resource, which stays the reference for every edge of HTTP.
 *
 * <p>Registered before Quarkus' HTTP security filters (the endpoint authenticates itself) and
 * after Micrometer's: the platform's HTTP metrics count it as before, with the same labels
 * ({@code http_server_requests_seconds{method="PUT",uri="/api/chat/rooms/{room}/messages/{clientId}",status}}).
 */
@Singleton
public class SendRoute {

    static final String PATH = "/api/chat/rooms/:room/messages/:clientId";
    private static final String PREFIX = "/api/chat/rooms/";
    private static final String MESSAGES = "/messages/";
    /** after Micrometer's HTTP filter (order -300), before authentication (-200) and authorization (-100) */
    static final int ORDER = -250;
    private static final String JSON_UTF8 = "application/json;charset=UTF-8";
    private static final String JSON = "application/json";
    /** spelt as RESTEasy writes it */
    private static final String CONTENT_TYPE = "Content-Type";
    private static final Logger LOG = Logger.getLogger(SendRoute.class);

    @Inject
    RoomTokenVerifier tokens;
    @Inject
    MessageService messages;
    @Inject
    ObjectMapper mapper;

    private ObjectReader requestReader;

    void register(@Observes Router router) {
        requestReader = mapper.readerFor(SendMessageRequest.class);
        router.put(PATH).order(ORDER).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String path = request.path();
        long length = declaredLength(request);
        if (!plainPath(path) || length < 0 || length > JsonBodyLimitFilter.MAX_JSON_BYTES
                || !jsonBody(request.getHeader(HttpHeaderNames.CONTENT_TYPE))
                || !acceptsJson(request.getHeader(HttpHeaderNames.ACCEPT))
                || request.headers().contains(HttpHeaderNames.EXPECT)) {
            ctx.next(); // not the plain shape: the RESTEasy resource answers, exactly as before
            return;
        }
        int messagesAt = path.indexOf(MESSAGES, PREFIX.length());
        String room = path.substring(PREFIX.length(), messagesAt);
        String clientId = path.substring(messagesAt + MESSAGES.length());
        Context context = Vertx.currentContext();
        request.body().onComplete(body -> {
            if (body.failed()) {
                ctx.fail(body.cause()); // connection reset while reading: nobody to answer
                return;
            }
            try {
                send(ctx, context, room, clientId, body.result());
            } catch (RuntimeException e) {
                answerError(ctx, e);
            }
        });
        request.resume(); // Quarkus pauses each request until a handler wants its body
    }

    private void send(RoutingContext ctx, Context context, String room, String clientId, Buffer body) {
        String text = parse(body);
        String authorization = ctx.request().getHeader(HttpHeaderNames.AUTHORIZATION);
        RoomCaller known = tokens.verifyCached(authorization, room);
        if (known != null) {
            queue(ctx, context, known, clientId, text);
            return;
        }
        // first sight of this token: its key may have to be fetched (blocking), so verify it on a worker
        context.owner().<RoomCaller>executeBlocking(() -> tokens.verify(authorization, room), false)
                .onComplete(verified -> {
                    if (verified.failed()) {
                        answerError(ctx, verified.cause());
                        return;
                    }
                    try {
                        queue(ctx, context, verified.result(), clientId, text);
                    } catch (RuntimeException e) {
                        answerError(ctx, e);
                    }
                });
    }

    /** Validation errors are thrown at once; the answer comes once the message's batch committed. */
    private void queue(RoutingContext ctx, Context context, RoomCaller caller, String clientId,
            String text) {
        messages.send(caller, clientId, text).whenComplete((result, failure) -> {
            // a batch answers on this request's context; a retry's stored message is read on a worker
            if (Vertx.currentContext() == context) {
                answer(ctx, result, failure);
            } else {
                context.runOnContext(v -> answer(ctx, result, failure));
            }
        });
    }

    /** The body's text, as RESTEasy's Jackson reader gives it: an empty body is no request. */
    private String parse(Buffer body) {
        if (isBlank(body)) {
            return null;
        }
        try {
            SendMessageRequest request = requestReader.readValue(body.getBytes());
            return request == null ? null : request.text();
        } catch (java.io.IOException e) {
            // Jackson's message echoes input and class names: the fixed text of ErrorMappers instead
            throw new ApiException(400, ErrorCodes.MALFORMED_REQUEST, "Request body is not valid JSON of the expected shape");
        }
    }

    private void answer(RoutingContext ctx, SendResult result, Throwable failure) {
        if (failure != null) {
            answerError(ctx, failure);
            return;
        }
        Buffer json;
        try {
            // a new message was serialised with its announcement, as a String; RESTEasy wrote bytes,
            // and Jackson's byte generator escapes characters beyond the BMP (emoji) as UTF-16
            // escape pairs: such messages, and a retry's stored message, are serialised as it did
            json = result.json() != null && !hasSurrogates(result.json()) ? Buffer.buffer(result.json())
                    : Buffer.buffer(mapper.writeValueAsBytes(result.message()));
        } catch (JacksonException e) {
            answerError(ctx, e);
            return;
        }
        end(ctx, result.created() ? 201 : 200, JSON_UTF8, json);
    }

    /** As service-common's ErrorMappers answer: the ApiError JSON with the exception's status and headers. */
    private void answerError(RoutingContext ctx, Throwable failure) {
        Throwable e = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        int status;
        ApiError error;
        Map<String, String> headers = Map.of();
        if (e instanceof ApiException api) {
            status = api.status();
            error = new ApiError(api.code(), api.getMessage(), api.fields());
            headers = api.headers();
        } else {
            String incident = UUID.randomUUID().toString();
            LOG.errorf(e, "Unhandled error, incident %s", incident);
            status = 500;
            error = new ApiError(ErrorCodes.INTERNAL, "Internal error (incident " + incident + ")");
        }
        HttpServerResponse response = ctx.response();
        headers.forEach(response::putHeader);
        try {
            end(ctx, status, JSON, Buffer.buffer(mapper.writeValueAsBytes(error)));
        } catch (JacksonException impossible) {
            end(ctx, 500, JSON, Buffer.buffer("{\"code\":\"internal_error\"}"));
        }
    }

    private void end(RoutingContext ctx, int status, String contentType, Buffer body) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return; // the client went away; the message's fate does not depend on the answer
        }
        response.setStatusCode(status).putHeader(CONTENT_TYPE, contentType).end(body);
    }

    /** Content-Length when declared and valid, else -1 (chunked or malformed: left to RESTEasy). */
    private static long declaredLength(HttpServerRequest request) {
        String value = request.getHeader(HttpHeaderNames.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Exactly /api/chat/rooms/{room}/messages/{clientId} with non-empty segments that need no
     * decoding: no escapes, no matrix parameters, no further segment or trailing slash.
     */
    static boolean plainPath(String path) {
        if (!path.startsWith(PREFIX)) {
            return false;
        }
        int messagesAt = path.indexOf(MESSAGES, PREFIX.length());
        if (messagesAt <= PREFIX.length() || messagesAt + MESSAGES.length() >= path.length()) {
            return false;
        }
        for (int i = PREFIX.length(); i < path.length(); i++) {
            char ch = path.charAt(i);
            if (ch == '%' || ch == ';' || (ch == '/' && i != messagesAt && i != messagesAt + MESSAGES.length() - 1)) {
                return false;
            }
        }
        return true;
    }

    /** application/json, optionally with charset=UTF-8 (RESTEasy decides every other declaration). */
    static boolean jsonBody(String type) {
        if (type == null) {
            return false;
        }
        int semicolon = type.indexOf(';');
        if (semicolon < 0) {
            return type.trim().equalsIgnoreCase(JSON);
        }
        return type.substring(0, semicolon).trim().equalsIgnoreCase(JSON)
                && type.substring(semicolon + 1).replace(" ", "").replace("\"", "").equalsIgnoreCase("charset=utf-8");
    }

    /** No Accept, or one listing JSON or a wildcard; any parameter (q=0 …) is left to RESTEasy's negotiation. */
    static boolean acceptsJson(String accept) {
        if (accept == null) {
            return true;
        }
        if (accept.indexOf(';') >= 0) {
            return false;
        }
        for (String range : accept.split(",")) {
            String r = range.trim();
            if (r.equalsIgnoreCase(JSON) || r.equals("*/*") || r.equalsIgnoreCase("application/*")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasSurrogates(String json) {
        for (int i = 0; i < json.length(); i++) {
            if (Character.isSurrogate(json.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBlank(Buffer body) {
        for (int i = 0; i < body.length(); i++) {
            byte b = body.getByte(i);
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
