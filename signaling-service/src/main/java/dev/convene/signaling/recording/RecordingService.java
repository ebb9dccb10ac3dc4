package dev.convene.signaling.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convene.signaling.config.EventsConfig;
import dev.convene.signaling.config.RecordingConfig;
import dev.convene.signaling.config.SfuConfig;
import dev.convene.signaling.events.Envelopes;
import dev.convene.signaling.events.EventPublisher;
import dev.convene.signaling.events.RedisKeys;
import dev.convene.signaling.media.MediaModes;
import dev.convene.signaling.recording.RecordingFiles.RawTrack;
import dev.convene.signaling.service.Participant;
import dev.convene.signaling.sfu.janus.JanusException;
import dev.convene.signaling.sfu.pool.JanusInstance;
import dev.convene.signaling.sfu.pool.JanusPool;
import dev.convene.signaling.sfu.pool.RoomPlacements;
import dev.convene.signaling.sfu.videoroom.VideoRoomErrors;
import dev.convene.signaling.ws.ServerMessages;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Server-side recording of a meeting in SFU mode (docs/recording.md). A host starts and stops
 * it over the meeting WebSocket; Janus records every publisher's tracks (.mjr) into
 * {@code convene.sfu.recording-dir}; on stop the files are post-processed ({@link PostProcessor})
 * into {@code convene.recording.dir} and the hosts are told they can download them.
 *
 * <p>State shared by the replicas: {@code {p}:signaling-service:recording:{slug}} (JSON: the
 * running recording, its Janus room and the feed → participant map), created with SET NX
 * (one recording per meeting) and removed by whoever stops it (compare-and-delete on the
 * recording id: one replica post-processes). Announcements go on the room channel:
 * {@code recording.started}, {@code recording.stopped} to everyone, {@code recording.ready} /
 * {@code recording.failed} to hosts. The replica that started a recording watches it, and so
 * does every replica with participants in the meeting (from {@code recording.started}, or from
 * the welcome of a later joiner): whichever sees it first stops it when its Janus room is gone
 * (last one out, meeting ended, Janus failover) or after {@code convene.recording.max-duration},
 * so a recording outlives the replica that started it (compare-and-delete: one of them stops it).
 */
@ApplicationScoped
public class RecordingService {

    private static final Logger LOG = Logger.getLogger(RecordingService.class);

    public static final String STARTED = "recording.started";
    public static final String STOPPED = "recording.stopped";
    public static final String READY = "recording.ready";
    public static final String FAILED = "recording.failed";
    public static final String DELETED = "recording.deleted";
    public static final String START = "recording.start";
    public static final String STOP = "recording.stop";

    /** Delete the key if it holds this recording id; returns the value deleted (the latest publishers map). */
    private static final String TAKE_IF_SAME = """
            local v = redis.call('GET', KEYS[1])
            if v and cjson.decode(v).recordingId == ARGV[1] then redis.call('DEL', KEYS[1]) return v end
            return false""";
    /** Replace the value if it still holds this recording id, keeping its TTL. */
    private static final String UPDATE_IF_SAME = """
            local v = redis.call('GET', KEYS[1])
            if v and cjson.decode(v).recordingId == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL') return 1 end
            return 0""";

    @Inject
    Vertx vertx;
    @Inject
    Redis redis;
    @Inject
    RedisKeys keys;
    @Inject
    EventPublisher publisher;
    @Inject
    Envelopes envelopes;
    @Inject
    ServerMessages messages;
    @Inject
    JanusPool pool;
    @Inject
    ObjectMapper json;
    @Inject
    RecordingConfig config;
    @Inject
    SfuConfig sfu;
    @Inject
    EventsConfig events;
    @Inject
    MeterRegistry registry;
    @Inject
    ActiveRecordings active;
    @Inject
    MediaModes modes;

    private RoomPlacements placements;
    private RecordingStore store;
    private PostProcessor processor;
    private RecordingMetrics metrics;
    private Path rawDir;
    /** Recordings this replica watches (started here, or of a meeting it serves): slug → recording id. */
    private final Map<String, String> watched = new ConcurrentHashMap<>();
    private long watchTimer = -1;
    private long janitorTimer = -1;

    void start(@Observes StartupEvent event) {
        placements = new RoomPlacements(redis, events.prefix(), sfu.placementTtl());
        metrics = new RecordingMetrics(registry, watched::size);
        if (config.dir().isEmpty() || sfu.recordingDir().isEmpty()) {
            LOG.info("recording: convene.recording.dir or convene.sfu.recording-dir not set: server-side recording unavailable");
            return;
        }
        store = new RecordingStore(Path.of(config.dir().get()), json);
        rawDir = Path.of(sfu.recordingDir().get()).toAbsolutePath();
        processor = new PostProcessor(config.ppRec(), config.ffmpeg(), config.processTimeout(), config.maxConcurrent());
        try {
            Files.createDirectories(store.root());
        } catch (IOException e) {
            LOG.warnf("recording: cannot create %s: %s", store.root(), e.getMessage());
        }
        watchTimer = vertx.setPeriodic(config.watchInterval().toMillis(), id -> watch());
        if (!config.retention().isZero()) {
            RecordingJanitor janitor = new RecordingJanitor(store, rawDir, config.retention());
            janitorTimer = vertx.setPeriodic(config.janitorInterval().toMillis(),
                    id -> vertx.executeBlocking(() -> janitor.sweep(System.currentTimeMillis()), false));
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (watchTimer >= 0) {
            vertx.cancelTimer(watchTimer);
        }
        if (janitorTimer >= 0) {
            vertx.cancelTimer(janitorTimer);
        }
        if (processor != null) {
            processor.close();
        }
    }

    /** Server-side recording is configured (both folders set). */
    public boolean enabled() {
        return store != null;
    }

    /**
     * Whether a host of a meeting with this media setting (AUTO, P2P, SFU) can record it on the
     * server: recording and Janus configured, and the meeting may use the SFU.
     */
    public boolean offeredIn(String mediaSetting) {
        return enabled() && pool.isConfigured() && !"P2P".equals(mediaSetting);
    }

    /**
     * A recording of a meeting this replica serves (announced, or running when someone joined
     * here): watch it too, so that it is stopped and processed even if its starter is gone.
     */
    public void observe(String slug, String recordingId) {
        if (enabled() && recordingId != null && !recordingId.isEmpty()) {
            watched.put(slug, recordingId);
        }
    }

    /** Where processed recordings are (null when disabled). */
    public RecordingStore store() {
        return store;
    }

    // ------------------------------------------------------------------ the ws layer's calls

    /** {@code recording.start} from a participant (on its event loop). */
    public void start(Participant participant) {
        String slug = participant.room();
        if (!participant.isHost()) {
            refuse(participant, START, "forbidden", "Only a host can start a recording");
            return;
        }
        if (!enabled()) {
            refuse(participant, START, "recording_unavailable", "Server-side recording is not configured");
            return;
        }
        // An AUTO meeting in P2P moves to the SFU first (everyone's new path flowing, then the commit).
        modes.moveToSfu(slug, "recording").onComplete(onSfu -> {
            if (onSfu.succeeded() && onSfu.result()) {
                startOnPlacement(participant);
            } else {
                refuse(participant, START, "sfu_required", "The meeting cannot run through the media server now");
            }
        });
    }

    /** The meeting is on the SFU: Janus records its room (where the placement put it). */
    private void startOnPlacement(Participant participant) {
        String slug = participant.room();
        placements.get(slug).subscribe().with(stored -> {
            Optional<JanusInstance> instance = stored.flatMap(s -> pool.instance(s.placement().instance())).filter(JanusInstance::isUp);
            if (instance.isEmpty()) {
                refuse(participant, START, "sfu_required", "The meeting is not in SFU mode");
                return;
            }
            long janusRoom = stored.get().placement().janusRoom();
            String recordingId = RecordingFiles.newRecordingId();
            long startedAt = System.currentTimeMillis();
            ObjectNode state = json.createObjectNode().put("recordingId", recordingId).put("by", participant.userId())
                    .put("byName", participant.name()).put("byParticipant", participant.id()).put("startedAt", startedAt)
                    .put("instance", instance.get().url()).put("janusRoom", janusRoom);
            state.putObject("publishers");
            long ttl = config.maxDuration().plus(Duration.ofMinutes(10)).toMillis();
            send(Request.cmd(Command.SET).arg(key(slug)).arg(state.toString()).arg("NX").arg("PX").arg(ttl)).onComplete(set -> {
                if (set.failed()) {
                    refuse(participant, START, "recording_failed", "Could not start the recording");
                } else if (set.result() == null) {
                    refuse(participant, START, "recording_active", "The meeting is already being recorded");
                } else {
                    enableJanus(participant, slug, instance.get(), janusRoom, state);
                }
            });
        }, failure -> refuse(participant, START, "recording_failed", "Could not start the recording"));
    }

    private void enableJanus(Participant participant, String slug, JanusInstance instance, long janusRoom, ObjectNode state) {
        String recordingId = state.get("recordingId").asText();
        instance.control().record(janusRoom, true).subscribe().with(ok -> send(Request.cmd(Command.GET).arg(key(slug))).onComplete(now -> {
            JsonNode current = now.succeeded() ? parse(now.result()) : null;
            if (current == null || !recordingId.equals(current.path("recordingId").asText())) {
                // stopped while Janus was still starting it: make sure Janus stops too
                instance.control().record(janusRoom, false).subscribe().with(x -> { }, f -> { });
                return;
            }
            watched.put(slug, recordingId);
            ObjectNode payload = json.createObjectNode().put("recordingId", recordingId).put("by", participant.userId())
                    .put("byName", participant.name()).put("startedAt", state.get("startedAt").asLong());
            announce(slug, STARTED, participant.id(), payload);
            LOG.infof("recording %s of %s started by %s", recordingId, slug, participant.userId());
            rememberPublishers(slug, recordingId, instance, janusRoom);
        }), failure -> {
            send(Request.cmd(Command.EVAL).arg(TAKE_IF_SAME).arg(1).arg(key(slug)).arg(recordingId));
            boolean gone = failure instanceof JanusException j && j.code() == VideoRoomErrors.NO_SUCH_ROOM;
            refuse(participant, START, gone ? "sfu_required" : "recording_failed",
                    gone ? "The meeting is not in SFU mode" : "Janus could not start the recording");
        });
    }

    /** {@code recording.stop} from a participant (on its event loop). */
    public void stop(Participant participant) {
        String slug = participant.room();
        if (!participant.isHost()) {
            refuse(participant, STOP, "forbidden", "Only a host can stop a recording");
            return;
        }
        send(Request.cmd(Command.GET).arg(key(slug))).onComplete(got -> {
            JsonNode state = got.succeeded() ? parse(got.result()) : null;
            if (state == null) {
                refuse(participant, STOP, "not_recording", "The meeting is not being recorded");
                return;
            }
            finish(slug, state.path("recordingId").asText(), participant.id(), participant.userId()).subscribe().with(stopped -> {
                if (!stopped) {
                    refuse(participant, STOP, "not_recording", "The meeting is not being recorded");
                }
            }, failure -> LOG.warnf("recording of %s: stop failed: %s", slug, failure.getMessage()));
        });
    }

    /**
     * The running recording of a meeting — {@code {recordingId, by, byName, startedAt}} — or null:
     * for the welcome of a participant who joins while it runs (any replica).
     */
    public Uni<ObjectNode> activeRecording(String slug) {
        return Uni.createFrom().completionStage(() -> send(Request.cmd(Command.GET).arg(key(slug))).toCompletionStage())
                .map(response -> {
                    JsonNode state = parse(response);
                    if (state == null) {
                        return null;
                    }
                    return json.createObjectNode().put("recordingId", state.path("recordingId").asText())
                            .put("by", state.path("by").asText()).put("byName", state.path("byName").asText())
                            .put("startedAt", state.path("startedAt").asLong());
                })
                .onFailure().recoverWithNull();
    }

    // ------------------------------------------------------------------ stop and post-process

    /**
     * Ends recording {@code recordingId} of {@code slug} if it is still the running one (false
     * otherwise): Janus stops, everyone is told, the files are post-processed and the hosts told
     * the outcome. {@code by}: the participant who stopped it, or null (the server did).
     */
    Uni<Boolean> finish(String slug, String recordingId, String byParticipant, String byUser) {
        return Uni.createFrom().completionStage(() -> send(Request.cmd(Command.EVAL).arg(TAKE_IF_SAME).arg(1).arg(key(slug))
                        .arg(recordingId)).toCompletionStage())
                .onItem().transformToUni(taken -> {
                    JsonNode state = parse(taken);
                    if (state == null) {
                        return Uni.createFrom().item(false);
                    }
                    watched.remove(slug, recordingId);
                    Map<Long, String> displays = new HashMap<>();
                    state.path("publishers").fields().forEachRemaining(e -> {
                        try {
                            displays.put(Long.parseLong(e.getKey()), e.getValue().asText());
                        } catch (NumberFormatException ignored) {
                            // not ours
                        }
                    });
                    long janusRoom = state.path("janusRoom").asLong();
                    Optional<JanusInstance> instance = pool.instance(state.path("instance").asText()).filter(JanusInstance::isUp);
                    Uni<Void> janus = instance.map(i -> i.control().participants(janusRoom)
                            .invoke(list -> list.forEach(p -> displays.put(p.getLong("id", 0L), p.getString("display", ""))))
                            .onItem().transformToUni(list -> i.control().record(janusRoom, false))
                            .onFailure().invoke(f -> LOG.debugf("recording of %s: Janus stop: %s", slug, f.getMessage()))
                            .onFailure().recoverWithNull().replaceWithVoid())
                            .orElse(Uni.createFrom().voidItem());
                    return janus.invoke(() -> {
                        long stoppedAt = System.currentTimeMillis();
                        ObjectNode payload = json.createObjectNode().put("recordingId", recordingId).put("stoppedAt", stoppedAt);
                        if (byUser != null) {
                            payload.put("by", byUser);
                        }
                        announce(slug, STOPPED, byParticipant != null ? byParticipant : Envelopes.SERVICE, payload);
                        LOG.infof("recording %s of %s stopped%s", recordingId, slug, byUser == null ? " by the server" : "");
                        // Janus closes its files when it handles the request; a moment's grace anyway
                        vertx.setTimer(500, t -> postProcess(slug, (ObjectNode) state, stoppedAt, displays));
                    }).replaceWith(true);
                });
    }

    private void postProcess(String slug, ObjectNode state, long stoppedAt, Map<Long, String> displays) {
        String recordingId = state.path("recordingId").asText();
        long started = System.nanoTime();
        ObjectNode meta = json.createObjectNode().put("recordingId", recordingId).put("room", slug)
                .put("by", state.path("by").asText()).put("byName", state.path("byName").asText())
                .put("startedAt", state.path("startedAt").asLong()).put("stoppedAt", stoppedAt).put("state", "processing");
        meta.putArray("files");
        Path folder = store.folder(slug, recordingId);
        java.util.concurrent.atomic.AtomicReference<List<RawTrack>> rawTracks = new java.util.concurrent.atomic.AtomicReference<>(List.of());
        vertx.<List<RawTrack>>executeBlocking(() -> {
            store.save(slug, recordingId, meta);
            List<Path> files;
            try (Stream<Path> listing = Files.list(rawDir)) {
                files = listing.toList();
            } catch (IOException missing) {
                files = List.of();
            }
            return RecordingFiles.select(files, state.path("janusRoom").asLong(), state.path("startedAt").asLong());
        }, false).toCompletionStage().thenCompose(tracks -> {
                    rawTracks.set(tracks);
                    return tracks.isEmpty()
                        ? java.util.concurrent.CompletableFuture.completedFuture(new PostProcessor.Result(List.of(), 0, false, 0))
                        : processor.process(tracks, displays, folder);
                })
                .whenComplete((result, failure) -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - started);
                    String code = failure != null ? "processing_failed"
                            : !result.files().isEmpty() ? null
                            : result.tracks() == 0 ? "no_media"
                            : result.timedOut() ? "processing_timeout" : "processing_failed";
                    ArrayNode files = meta.putArray("files");
                    if (code == null) {
                        for (PostProcessor.Made made : result.files()) {
                            ObjectNode file = files.addObject().put("name", made.name()).put("size", made.size())
                                    .put("contentType", RecordingFiles.contentType(made.name()));
                            if (made.participantId() != null) {
                                file.put("participantId", made.participantId());
                            }
                        }
                        meta.put("state", "ready");
                        if (result.failed() > 0) {
                            meta.put("incomplete", true);
                        }
                    } else {
                        meta.put("state", "failed").put("code", code);
                    }
                    vertx.executeBlocking(() -> {
                        store.save(slug, recordingId, meta);
                        if (code == null && result.failed() == 0 && !config.keepRaw()) {
                            for (RawTrack track : rawTracks.get()) {
                                Files.deleteIfExists(track.file());
                            }
                        }
                        return null;
                    }, false).onComplete(saved -> {
                        ObjectNode payload = json.createObjectNode().put("recordingId", recordingId);
                        if (code == null) {
                            payload.set("files", files);
                            if (result.failed() > 0) {
                                payload.put("incomplete", true);
                            }
                        } else {
                            payload.put("code", code);
                        }
                        announce(slug, code == null ? READY : FAILED, Envelopes.SERVICE, payload);
                        metrics.finished(code == null, took);
                        LOG.infof("recording %s of %s: %s in %d ms (%d tracks, %d files)", recordingId, slug,
                                code == null ? "ready" : code, took.toMillis(), result == null ? 0 : result.tracks(),
                                result == null ? 0 : result.files().size());
                    });
                });
    }

    // ------------------------------------------------------------------ watching

    private void watch() {
        watched.forEach((slug, recordingId) -> send(Request.cmd(Command.GET).arg(key(slug))).onComplete(got -> {
            if (got.failed()) {
                return; // Redis away: look again next time
            }
            JsonNode state = parse(got.result());
            if (state == null || !recordingId.equals(state.path("recordingId").asText())) {
                watched.remove(slug, recordingId); // stopped elsewhere
                return;
            }
            if (System.currentTimeMillis() - state.path("startedAt").asLong() > config.maxDuration().toMillis()) {
                stopByServer(slug, recordingId, "max_duration");
                return;
            }
            placements.get(slug).subscribe().with(stored -> {
                boolean same = stored.isPresent() && stored.get().placement().instance().equals(state.path("instance").asText())
                        && stored.get().placement().janusRoom() == state.path("janusRoom").asLong();
                Optional<JanusInstance> instance = pool.instance(state.path("instance").asText()).filter(JanusInstance::isUp);
                if (!same || instance.isEmpty()) {
                    stopByServer(slug, recordingId, "sfu_room_gone");
                } else {
                    rememberPublishers(slug, recordingId, instance.get(), state.path("janusRoom").asLong());
                }
            }, failure -> { });
        }));
    }

    private void stopByServer(String slug, String recordingId, String reason) {
        LOG.infof("recording %s of %s: stopping (%s)", recordingId, slug, reason);
        finish(slug, recordingId, null, null).subscribe().with(x -> { },
                f -> LOG.warnf("recording of %s: stop failed: %s", slug, f.getMessage()));
    }

    /** Adds the room's current publishers (feed id → participant id) to the shared state. */
    private void rememberPublishers(String slug, String recordingId, JanusInstance instance, long janusRoom) {
        instance.control().participants(janusRoom).subscribe().with(list -> send(Request.cmd(Command.GET).arg(key(slug)))
                .onSuccess(current -> {
                    JsonNode state = parse(current);
                    if (!(state instanceof ObjectNode node) || !recordingId.equals(node.path("recordingId").asText())) {
                        return;
                    }
                    ObjectNode publishers = node.get("publishers") instanceof ObjectNode o ? o : node.putObject("publishers");
                    int before = publishers.size();
                    list.forEach(p -> publishers.put(String.valueOf(p.getLong("id", 0L)), p.getString("display", "")));
                    if (publishers.size() != before) {
                        send(Request.cmd(Command.EVAL).arg(UPDATE_IF_SAME).arg(1).arg(key(slug)).arg(recordingId).arg(node.toString()));
                    }
                }), failure -> { });
    }

    /** A host deleted a recording (RecordingRoutes): the room's hosts drop it from their lists. */
    void deleted(String slug, String recordingId, String byUser) {
        announce(slug, DELETED, Envelopes.SERVICE, json.createObjectNode().put("recordingId", recordingId).put("by", byUser));
        LOG.infof("recording %s of %s deleted by %s", recordingId, slug, byUser);
    }

    // ------------------------------------------------------------------ helpers

    private String key(String slug) {
        return active.key(slug);
    }

    private void announce(String slug, String type, String sender, ObjectNode payload) {
        publisher.publish(keys.roomChannel(slug), envelopes.create(type, slug, sender, null, payload).toString());
    }

    private void refuse(Participant participant, String ref, String code, String message) {
        participant.deliver(messages.error(code, message, ref));
    }

    private Future<Response> send(Request request) {
        return redis.send(request);
    }

    private JsonNode parse(Response response) {
        if (response == null) {
            return null;
        }
        try {
            JsonNode node = json.readTree(response.toString());
            return node.isObject() && node.hasNonNull("recordingId") ? node : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Audience of a recording event on the room channel: started/stopped everyone, the outcome hosts only. */
    public static boolean forEveryone(String type) {
        return STARTED.equals(type) || STOPPED.equals(type);
    }
}
