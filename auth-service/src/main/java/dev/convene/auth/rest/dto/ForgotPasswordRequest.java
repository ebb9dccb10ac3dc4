package dev.convene.auth.rest.dto;

import dev.convene.auth.service.Identifiers;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record ForgotPasswordRequest(@NotBlank @Email @Size(max = Identifiers.EMAIL_MAX) String email) {
}
