package dev.convene.room.rest.dto;

import dev.convene.room.entity.MediaMode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "A new room; everything but the name has a default")
public record CreateRoomRequest(
        @Schema(examples = "Weekly sync", maxLength = 100)
        @NotBlank @Size(max = RoomLimits.NAME_MAX) @Pattern(regexp = RoomLimits.NO_CONTROL_CHARS)
        String name,

        @Schema(description = "Optional; stored only as a bcrypt hash", minLength = 4, maxLength = 64)
        @Size(min = RoomLimits.PASSCODE_MIN, max = RoomLimits.PASSCODE_MAX) @Pattern(regexp = RoomLimits.NO_CONTROL_CHARS)
        String passcode,

        @Schema(description = "Default AUTO")
        MediaMode mediaMode,

        @Schema(description = "Default 50", minimum = "2", maximum = "500")
        @Min(RoomLimits.PARTICIPANTS_MIN) @Max(RoomLimits.PARTICIPANTS_MAX)
        Integer maxParticipants,

        @Schema(description = "Default true")
        Boolean guestsAllowed,

        @Schema(description = "Default false")
        Boolean lobbyEnabled,

        @Schema(description = "When the meeting is planned (informational: joins are not held back)")
        Instant scheduledStart) {
}
