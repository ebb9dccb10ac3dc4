package dev.convene.signaling.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convene.common.error.ApiException;
import dev.convene.common.security.AdminAccessTokens;
import dev.convene.common.security.AdminAccessTokens.AdminCaller;
import dev.convene.signaling.config.AdminTokenConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The administrators' view of server-side recordings across rooms (docs/recording.md, "Admin
 * API"), for storage housekeeping; the recordings' content stays with each room's hosts:
 * <ul>
 * <li>{@code GET /ws/admin/recordings?room=&page=&size=} — every room's recordings, newest first,
 * with their size on disk, a page at a time;</li>
 * <li>{@code DELETE /ws/admin/recordings/{room}/{recordingId}} — as a host's delete: 204, 404,
 * 409 {@code recording_processing}; the room's hosts get {@code recording.deleted}.</li>
 * </ul>
 * Both need {@code Authorization: Bearer <auth-service access token>} of group {@code admin}
 * (401 {@code unauthorized}, 403 {@code forbidden}). Errors are JSON {@code {code, message}}.
 */
@ApplicationScoped
public class AdminRecordingRoutes {

    private static final Logger LOG = Logger.getLogger(AdminRecordingRoutes.class);
    static final int DEFAULT_PAGE_SIZE = 20;
    static final int MAX_PAGE_SIZE = 100;
    private static final Comparator<RecordingStore.Stored> NEWEST_FIRST =
            Comparator.comparingLong((RecordingStore.Stored s) -> s.meta().path("startedAt").asLong()).reversed();

    private final RecordingService recordings;
    private final ObjectMapper json;
    private final AdminAccessTokens tokens;

    AdminRecordingRoutes(RecordingService recordings, ObjectMapper json, AdminTokenConfig config) {
        this.recordings = recordings;
        this.json = json;
        this.tokens = new AdminAccessTokens(config.publicKeyLocation(), config.issuer());
    }

    void register(@Observes Router router) {
        router.get("/ws/admin/recordings").blockingHandler(this::list, false);
        router.delete("/ws/admin/recordings/:room/:recording").blockingHandler(this::delete, false);
    }

    /** Runs on a worker thread (token check and file system). */
    void list(RoutingContext context) {
        try {
            if (admin(context) == null) {
                return;
            }
            String room = context.request().getParam("room");
            Integer page = number(context, "page", 0, 0, Integer.MAX_VALUE);
            Integer size = number(context, "size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
            if (page == null || size == null) {
                return;
            }
            if (room != null && !RecordingFiles.isRoomSlug(room)) {
                HttpReplies.error(json, context.response(), 400, "validation_failed", "room is not a room link code");
                return;
            }
            List<RecordingStore.Stored> all = newestFirst(room);
            ArrayNode items = json.createArrayNode();
            all.stream().skip((long) page * size).limit(size).forEach(stored -> items.add(view(stored)));
            ObjectNode body = json.createObjectNode().put("page", page).put("size", size).put("total", all.size());
            body.set("recordings", items);
            HttpReplies.json(context.response(), body.toString());
        } catch (RuntimeException e) {
            HttpReplies.internal(json, context, e);
        }
    }

    void delete(RoutingContext context) {
        try {
            AdminCaller admin = admin(context);
            if (admin == null) {
                return;
            }
            String slug = context.pathParam("room");
            String id = context.pathParam("recording");
            RecordingStore.Deletion outcome = recordings.enabled() && RecordingFiles.isRoomSlug(slug) && RecordingFiles.isRecordingId(id)
                    ? recordings.store().delete(slug, id) : RecordingStore.Deletion.NOT_FOUND;
            switch (outcome) {
                case DELETED -> {
                    recordings.deleted(slug, id, admin.userId());
                    LOG.infof("recording %s of %s deleted by the administrator %s", id, slug, admin.userId());
                    context.response().setStatusCode(204).end();
                }
                case PROCESSING -> HttpReplies.error(json, context.response(), 409, "recording_processing",
                        "The recording is still being processed; delete it once it is ready");
                case NOT_FOUND -> HttpReplies.error(json, context.response(), 404, "not_found", "No such recording");
            }
        } catch (IOException e) {
            LOG.warnf("deleting a recording of %s failed: %s", context.pathParam("room"), e.getMessage());
            HttpReplies.error(json, context.response(), 500, "internal_error", "The recording could not be deleted completely");
        } catch (RuntimeException e) {
            HttpReplies.internal(json, context, e);
        }
    }

    /** Every room's recordings, or one room's ({@code room} not null), newest first. */
    private List<RecordingStore.Stored> newestFirst(String room) {
        if (!recordings.enabled()) {
            return List.of();
        }
        Stream<RecordingStore.Stored> found = room == null ? recordings.store().all().stream()
                : recordings.store().list(room).stream().map(meta -> new RecordingStore.Stored(room, meta.path("recordingId").asText(), meta));
        return found.sorted(NEWEST_FIRST).toList();
    }

    /** The recording as an administrator sees it: its metadata, its room, and its bytes on disk. */
    private ObjectNode view(RecordingStore.Stored stored) {
        ObjectNode item = stored.meta().deepCopy();
        item.put("room", stored.slug());
        long bytes = 0;
        for (JsonNode file : item.path("files")) {
            bytes += file.path("size").asLong();
        }
        item.put("bytes", bytes);
        return item;
    }

    /** The caller if an administrator; else answers 401/403 itself and returns null. */
    private AdminCaller admin(RoutingContext context) {
        try {
            return tokens.verify(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        } catch (ApiException e) {
            e.headers().forEach(context.response()::putHeader);
            HttpReplies.error(json, context.response(), e.status(), e.code(), e.getMessage());
            return null;
        }
    }

    /** A whole-number query parameter within [min, max] (fallback when absent); null after answering 400. */
    private Integer number(RoutingContext context, String name, int fallback, int min, int max) {
        String raw = context.request().getParam(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        HttpReplies.error(json, context.response(), 400, "validation_failed",
                name + " must be a whole number from " + min + " to " + max);
        return null;
    }
}
