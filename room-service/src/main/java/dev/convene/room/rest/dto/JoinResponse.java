package dev.convene.room.rest.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.convene.room.service.JoinOutcome;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "joined (200): a room token; waiting (202): a lobby request to poll")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JoinResponse(
        @Schema(enumeration = {"joined", "waiting"}) String status,
        @Schema(description = "RS256 JWT for signaling-service and chat-service") String roomToken,
        @Schema(description = "seconds until the room token expires") Long expiresIn,
        @Schema(enumeration = {"host", "participant"}) String role,
        List<String> grants,
        UUID lobbyRequestId,
        RoomView room) {

    public static JoinResponse of(JoinOutcome outcome) {
        RoomView room = RoomView.of(outcome.room());
        if (outcome instanceof JoinOutcome.Joined joined) {
            return new JoinResponse("joined", joined.token().token(), joined.token().expiresInSeconds(),
                    joined.token().role().claim(), joined.token().grants(), null, room);
        }
        return new JoinResponse("waiting", null, null, null, null, ((JoinOutcome.Waiting) outcome).requestId(), room);
    }
}
