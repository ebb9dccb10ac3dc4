package dev.convene.auth.rest.dto;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record ChangePasswordRequest(@NotEmpty @Size(max = 1024) String currentPassword, @NotNull String newPassword) {

    @Override
    public String toString() {
        return "ChangePasswordRequest[]";
    }
}
