package dev.convene.auth.rest.dto;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

public record LoginRequest(
        @Schema(description = "username or email address", examples = "alice")
        @NotBlank @Size(max = 254) String login,
        @NotEmpty @Size(max = 1024) String password) {

    @Override
    public String toString() {
        return "LoginRequest[login=" + login + "]";
    }
}
