package dev.convene.signaling.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Processed recordings on disk: {@code <dir>/<slug>/<recordingId>/recording.json} (the metadata
 * below) next to the files it lists. Any replica that mounts the same folder can list and serve
 * them. Paths are built only from a validated slug, a generated UUID and names we produced
 * ({@link RecordingFiles}); blocking I/O: call from worker threads.
 *
 * <pre>{"recordingId","room","by","byName","startedAt","stoppedAt","state":"processing|ready|failed",
 *  "code"?, "incomplete"?, "files":[{"name","size","contentType","participantId"?}]}</pre>
 */
public final class RecordingStore {

    static final String META = "recording.json";

    private final Path root;
    private final ObjectMapper json;

    public RecordingStore(Path root, ObjectMapper json) {
        this.root = root.toAbsolutePath().normalize();
        this.json = json;
    }

    public Path root() {
        return root;
    }

    /** The folder of one recording (slug and id must be valid: checked here again). */
    public Path folder(String slug, String recordingId) {
        if (!RecordingFiles.isRoomSlug(slug) || !RecordingFiles.isRecordingId(recordingId)) {
            throw new IllegalArgumentException("invalid room or recording id");
        }
        return root.resolve(slug).resolve(recordingId);
    }

    /** Writes the metadata atomically (readers never see half a file). */
    public void save(String slug, String recordingId, ObjectNode meta) throws IOException {
        Path folder = folder(slug, recordingId);
        Files.createDirectories(folder);
        Path tmp = folder.resolve(META + ".tmp");
        Files.write(tmp, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta));
        try {
            Files.move(tmp, folder.resolve(META), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, folder.resolve(META), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public Optional<ObjectNode> load(String slug, String recordingId) {
        if (!RecordingFiles.isRoomSlug(slug) || !RecordingFiles.isRecordingId(recordingId)) {
            return Optional.empty();
        }
        Path meta = folder(slug, recordingId).resolve(META);
        try {
            JsonNode node = json.readTree(meta.toFile());
            return node instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Every recording of a room, newest first. */
    public List<ObjectNode> list(String slug) {
        if (!RecordingFiles.isRoomSlug(slug)) {
            return List.of();
        }
        Path dir = root.resolve(slug);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<ObjectNode> recordings = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.map(p -> p.getFileName().toString()).filter(RecordingFiles::isRecordingId)
                    .forEach(id -> load(slug, id).ifPresent(recordings::add));
        } catch (IOException e) {
            return List.of();
        }
        recordings.sort(Comparator.comparingLong((ObjectNode n) -> n.path("startedAt").asLong()).reversed());
        return recordings;
    }

    /** What {@link #delete} did. */
    public enum Deletion { DELETED, NOT_FOUND, PROCESSING }

    /**
     * Deletes a recording (its files, metadata and folder); one still being processed is left
     * alone (its tools are writing into the folder).
     */
    public Deletion delete(String slug, String recordingId) throws IOException {
        Optional<ObjectNode> meta = load(slug, recordingId);
        if (meta.isEmpty()) {
            return Deletion.NOT_FOUND;
        }
        if ("processing".equals(meta.get().path("state").asText())) {
            return Deletion.PROCESSING;
        }
        remove(slug, recordingId);
        return Deletion.DELETED;
    }

    /** Removes a recording's folder whatever its state; false if it was gone already. */
    boolean remove(String slug, String recordingId) throws IOException {
        Path folder = folder(slug, recordingId);
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path entry : entries.toList()) {
                Files.deleteIfExists(entry); // only files of ours live here (no sub-folders)
            }
        }
        return Files.deleteIfExists(folder);
    }

    /** Every recording of every room, as {@code [slug, recordingId, metadata]} (the janitor's view). */
    public List<Stored> all() {
        List<Stored> all = new ArrayList<>();
        try (Stream<Path> rooms = Files.list(root)) {
            for (Path room : rooms.toList()) {
                String slug = room.getFileName().toString();
                if (RecordingFiles.isRoomSlug(slug)) {
                    list(slug).forEach(meta -> all.add(new Stored(slug, meta.path("recordingId").asText(), meta)));
                }
            }
        } catch (IOException e) {
            return all;
        }
        return all;
    }

    /** One recording found on disk. */
    public record Stored(String slug, String recordingId, ObjectNode meta) {
    }

    /**
     * The file {@code name} of a recording, only if the metadata lists it and it is a name we
     * produce; never a path outside the recording's folder.
     */
    public Optional<Path> file(String slug, String recordingId, String name) {
        if (!RecordingFiles.isServableName(name)) {
            return Optional.empty();
        }
        return load(slug, recordingId).flatMap(meta -> {
            for (JsonNode file : meta.path("files")) {
                if (name.equals(file.path("name").asText())) {
                    Path path = folder(slug, recordingId).resolve(name).normalize();
                    return path.getParent().equals(folder(slug, recordingId)) && Files.isRegularFile(path)
                            ? Optional.of(path) : Optional.empty();
                }
            }
            return Optional.empty();
        });
    }
}
