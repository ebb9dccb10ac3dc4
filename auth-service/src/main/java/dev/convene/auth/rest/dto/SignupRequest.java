package dev.convene.auth.rest.dto;

import dev.convene.auth.service.Identifiers;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The password policy (length, not the username, not common) is checked by the service. */
public record SignupRequest(
        @Schema(examples = "alice", description = "3-32 of a-z 0-9 . _ -, case-insensitive (stored lower-case)")
        @NotNull @Pattern(regexp = Identifiers.USERNAME_REGEX, message = Identifiers.USERNAME_MESSAGE) String username,
        @Schema(examples = "alice@example.org")
        @NotBlank @Email @Size(max = Identifiers.EMAIL_MAX) String email,
        @Schema(examples = "Alice Liddell")
        @DisplayName String displayName,
        @Schema(description = "10-128 characters, not containing the username or email, not a common password")
        @NotNull String password) {

    @Override
    public String toString() {
        return "SignupRequest[username=" + username + "]";
    }
}
