package dev.convene.room.rest.dto;

import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "The body of a join; may be omitted for rooms without a passcode")
public record JoinRequest(@Size(max = 200) String passcode) {
}
