package dev.convene.room.rest.dto;

import dev.convene.room.entity.MediaMode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A partial update (merge-patch semantics): absent fields stay as they are. For the two
 * optional settings, an explicit null clears them: {@code "passcode": null} removes the
 * passcode, {@code "scheduledStart": null} the schedule. For the others null means "unchanged".
 */
@Schema(description = "Only the fields present are changed; passcode:null removes the passcode")
public class UpdateRoomRequest {

    private final Set<String> present = new HashSet<>();

    @Size(min = 1, max = RoomLimits.NAME_MAX) @Pattern(regexp = RoomLimits.NOT_BLANK_NO_CONTROL_CHARS)
    private String name;

    @Size(min = RoomLimits.PASSCODE_MIN, max = RoomLimits.PASSCODE_MAX) @Pattern(regexp = RoomLimits.NO_CONTROL_CHARS)
    private String passcode;

    private MediaMode mediaMode;

    @Min(RoomLimits.PARTICIPANTS_MIN) @Max(RoomLimits.PARTICIPANTS_MAX)
    private Integer maxParticipants;

    private Boolean guestsAllowed;
    private Boolean lobbyEnabled;
    private Instant scheduledStart;

    public boolean has(String field) {
        return present.contains(field);
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getPasscode() {
        return passcode;
    }

    public void setPasscode(String passcode) {
        present.add("passcode");
        this.passcode = passcode;
    }

    public MediaMode getMediaMode() {
        return mediaMode;
    }

    public void setMediaMode(MediaMode mediaMode) {
        this.mediaMode = mediaMode;
    }

    public Integer getMaxParticipants() {
        return maxParticipants;
    }

    public void setMaxParticipants(Integer maxParticipants) {
        this.maxParticipants = maxParticipants;
    }

    public Boolean getGuestsAllowed() {
        return guestsAllowed;
    }

    public void setGuestsAllowed(Boolean guestsAllowed) {
        this.guestsAllowed = guestsAllowed;
    }

    public Boolean getLobbyEnabled() {
        return lobbyEnabled;
    }

    public void setLobbyEnabled(Boolean lobbyEnabled) {
        this.lobbyEnabled = lobbyEnabled;
    }

    public Instant getScheduledStart() {
        return scheduledStart;
    }

    public void setScheduledStart(Instant scheduledStart) {
        present.add("scheduledStart");
        this.scheduledStart = scheduledStart;
    }
}
