package dev.convene.signaling.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convene.common.security.BearerHeader;
import dev.convene.signaling.security.RoomTokenVerifier;
import dev.convene.signaling.security.TokenCheck;
import dev.convene.signaling.ws.CloseCodes;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Downloads of processed recordings (docs/recording.md), under the public {@code /ws/**} prefix:
 * <ul>
 * <li>{@code GET /ws/rooms/{slug}/recordings} — the room's recordings (JSON);</li>
 * <li>{@code GET /ws/rooms/{slug}/recordings/{recordingId}/{file}} — one file, as an attachment,
 * with single byte ranges;</li>
 * <li>{@code DELETE /ws/rooms/{slug}/recordings/{recordingId}} — the recording and its files
 * (204; 409 {@code recording_processing} while its files are being made).</li>
 * </ul>
 * All need {@code Authorization: Bearer <room token>} of a host of that room (401 without a
 * valid token, 403 for a participant or another room's token, 404 for anything unknown).
 * Files are looked up only by a validated slug, a UUID and a name listed in the recording's
 * metadata, so no request can reach another path. Errors are JSON {@code {code, message}}.
 */
@ApplicationScoped
public class RecordingRoutes {

    private static final Logger LOG = Logger.getLogger(RecordingRoutes.class);
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    @Inject
    RoomTokenVerifier verifier;
    @Inject
    RecordingService recordings;
    @Inject
    ObjectMapper json;

    void register(@Observes Router router) {
        router.get("/ws/rooms/:room/recordings").blockingHandler(this::list, false);
        router.get("/ws/rooms/:room/recordings/:recording/:file").blockingHandler(this::download, false);
        router.delete("/ws/rooms/:room/recordings/:recording").blockingHandler(this::delete, false);
    }

    void delete(RoutingContext context) {
        try {
            String slug = context.pathParam("room");
            TokenCheck host = authorised(context, slug);
            if (host == null) {
                return;
            }
            String id = context.pathParam("recording");
            RecordingStore.Deletion outcome = recordings.enabled() && RecordingFiles.isRecordingId(id)
                    ? recordings.store().delete(slug, id) : RecordingStore.Deletion.NOT_FOUND;
            switch (outcome) {
                case DELETED -> {
                    recordings.deleted(slug, id, host.identity().userId());
                    context.response().setStatusCode(204).end();
                }
                case PROCESSING -> error(context.response(), 409, "recording_processing",
                        "The recording is still being processed; delete it once it is ready");
                case NOT_FOUND -> error(context.response(), 404, "not_found", "No such recording");
            }
        } catch (java.io.IOException e) {
            LOG.warnf("deleting a recording of %s failed: %s", context.pathParam("room"), e.getMessage());
            error(context.response(), 500, "internal_error", "The recording could not be deleted completely");
        } catch (RuntimeException e) {
            internal(context, e);
        }
    }

    /** Runs on a worker thread (token check and file system). */
    void list(RoutingContext context) {
        try {
            String slug = context.pathParam("room");
            if (authorised(context, slug) == null) {
                return;
            }
            ArrayNode list = json.createArrayNode();
            if (recordings.enabled()) {
                recordings.store().list(slug).forEach(meta -> {
                    meta.remove("room");
                    list.add(meta);
                });
            }
            ObjectNode body = json.createObjectNode();
            body.set("recordings", list);
            HttpReplies.json(context.response(), body.toString());
        } catch (RuntimeException e) {
            internal(context, e);
        }
    }

    void download(RoutingContext context) {
        try {
            String slug = context.pathParam("room");
            if (authorised(context, slug) == null) {
                return;
            }
            String id = context.pathParam("recording");
            String name = context.pathParam("file");
            Optional<Path> file = recordings.enabled() ? recordings.store().file(slug, id, name) : Optional.empty();
            if (file.isEmpty()) {
                error(context.response(), 404, "not_found", "No such recording file");
                return;
            }
            send(context, file.get(), name);
        } catch (RuntimeException e) {
            internal(context, e);
        }
    }

    private void send(RoutingContext context, Path file, String name) {
        long size;
        try {
            size = Files.size(file);
        } catch (java.io.IOException e) {
            error(context.response(), 404, "not_found", "No such recording file");
            return;
        }
        HttpServerResponse response = context.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, RecordingFiles.contentType(name))
                .putHeader("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        long[] range = range(context.request().getHeader("Range"), size);
        if (range == null) {
            response.setStatusCode(200).sendFile(file.toString());
        } else if (range.length == 0) {
            response.putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
            error(response, 416, "range_not_satisfiable", "The requested range is outside the file");
        } else {
            response.setStatusCode(206)
                    .putHeader(HttpHeaders.CONTENT_RANGE, "bytes " + range[0] + "-" + range[1] + "/" + size)
                    .sendFile(file.toString(), range[0], range[1] - range[0] + 1);
        }
    }

    /**
     * A single byte range of a file of {@code size} bytes: null = no (usable) Range header, serve
     * it all; an empty array = not satisfiable; else {first, last} inclusive.
     */
    static long[] range(String header, long size) {
        if (header == null) {
            return null;
        }
        Matcher m = RANGE.matcher(header.strip());
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            return null; // multiple ranges or another unit: ignored, as RFC 9110 allows
        }
        try {
            long first;
            long last;
            if (m.group(1).isEmpty()) { // suffix: the last N bytes
                long n = Long.parseLong(m.group(2));
                if (n == 0) {
                    return new long[0];
                }
                first = Math.max(0, size - n);
                last = size - 1;
            } else {
                first = Long.parseLong(m.group(1));
                last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            }
            return first >= size || first > last ? new long[0] : new long[] {first, last};
        } catch (NumberFormatException tooBig) {
            return new long[0];
        }
    }

    /** The bearer's accepted check if it is a host of {@code slug}; else answers 401/403 itself and returns null. */
    private TokenCheck authorised(RoutingContext context, String slug) {
        String token = BearerHeader.token(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (token.isEmpty()) {
            context.response().putHeader("WWW-Authenticate", "Bearer");
            error(context.response(), 401, "unauthorized", "A room token is required");
            return null;
        }
        TokenCheck check = verifier.check(token, slug);
        if (!check.isAccepted()) {
            if (check.closeCode() == CloseCodes.FORBIDDEN) {
                error(context.response(), 403, "forbidden", "The token is for another room");
            } else {
                context.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
                error(context.response(), 401, "unauthorized", "The room token is invalid or expired (" + check.reason() + ")");
            }
            return null;
        }
        if (!check.identity().isHost()) {
            error(context.response(), 403, "forbidden", "Only hosts can get the recordings");
            return null;
        }
        return check;
    }

    private void internal(RoutingContext context, RuntimeException e) {
        HttpReplies.internal(json, context, e);
    }

    private void error(HttpServerResponse response, int status, String code, String message) {
        HttpReplies.error(json, response, status, code, message);
    }
}
