package dev.convene.room.rest.dto;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "The room token to renew (still valid, or expired less than the renewal grace ago)")
public record RenewRequest(@NotBlank @Size(max = 8192) String roomToken) {
}
