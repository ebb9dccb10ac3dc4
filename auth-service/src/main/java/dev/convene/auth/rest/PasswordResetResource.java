package dev.convene.auth.rest;

import dev.convene.auth.rest.dto.ForgotPasswordRequest;
import dev.convene.auth.rest.dto.ResetPasswordRequest;
import dev.convene.auth.service.PasswordResetService;
import dev.convene.auth.service.ResetMailer;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** "Forgot password" by mail. */
@Path("/api/auth/password")
@PermitAll
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Password reset")
public class PasswordResetResource {

    private final PasswordResetService resets;
    private final ResetMailer mailer;

    public PasswordResetResource(PasswordResetService resets, ResetMailer mailer) {
        this.resets = resets;
        this.mailer = mailer;
    }

    @POST
    @Path("/forgot")
    @Operation(summary = "Mail a password-reset link",
            description = "Always 202, whether or not an account has this address (no account enumeration).")
    @APIResponse(responseCode = "202", description = "Accepted")
    @APIResponse(responseCode = "400", description = "validation_failed (not an email address), malformed_request")
    public Response forgot(@Valid @NotNull ForgotPasswordRequest request) {
        resets.request(request.email()).ifPresent(mailer::send);
        return Response.accepted().build();
    }

    @POST
    @Path("/reset")
    @Operation(summary = "Set a new password with the token of a reset link", description = "Ends every session.")
    @APIResponse(responseCode = "204", description = "Password changed")
    @APIResponse(responseCode = "400",
            description = "reset_token_invalid, reset_token_expired, reset_token_used, validation_failed (newPassword)")
    public Response reset(@Valid @NotNull ResetPasswordRequest request) {
        resets.reset(request.token(), request.newPassword());
        return Response.noContent().build();
    }
}
