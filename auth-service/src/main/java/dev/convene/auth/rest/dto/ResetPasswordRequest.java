package dev.convene.auth.rest.dto;

import dev.convene.auth.security.SecretTokens;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record ResetPasswordRequest(
        @NotBlank @Size(max = SecretTokens.MAX_LENGTH) String token,
        @NotNull String newPassword) {

    @Override
    public String toString() {
        return "ResetPasswordRequest[]";
    }
}
