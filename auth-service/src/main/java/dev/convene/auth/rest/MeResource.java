package dev.convene.auth.rest;

import dev.convene.auth.entity.UserAccount;
import dev.convene.auth.rest.dto.ChangePasswordRequest;
import dev.convene.auth.rest.dto.UpdateProfileRequest;
import dev.convene.auth.rest.dto.UserView;
import dev.convene.auth.security.ClientAddressResolver;
import dev.convene.auth.security.CurrentUser;
import dev.convene.auth.service.AccountService;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's own account (users only; guests have none). */
@Path("/api/auth/me")
@RolesAllowed(UserAccount.GROUP_USER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Me", description = "The signed-in user's own account")
@APIResponse(responseCode = "401", description = "unauthorized (no or invalid token), account_gone")
@APIResponse(responseCode = "403", description = "forbidden (guest token), account_disabled")
public class MeResource {

    private final CurrentUser currentUser;
    private final AccountService accounts;
    private final ClientAddressResolver clients;

    public MeResource(CurrentUser currentUser, AccountService accounts, ClientAddressResolver clients) {
        this.currentUser = currentUser;
        this.accounts = accounts;
        this.clients = clients;
    }

    @GET
    @Operation(summary = "The signed-in user")
    @APIResponse(responseCode = "200", description = "The user")
    public UserView me() {
        return UserView.of(currentUser.requireActive());
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the display name",
            description = "Access tokens carry the name: it shows in them after the next refresh.")
    @APIResponse(responseCode = "200", description = "The updated user")
    @APIResponse(responseCode = "400", description = "validation_failed, malformed_request")
    public UserView update(@Valid @NotNull UpdateProfileRequest request) {
        return UserView.of(accounts.updateDisplayName(currentUser.id(), request.displayName()));
    }

    @POST
    @Path("/password")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the password",
            description = "Needs the current password. Ends every other session; this one stays.")
    @APIResponse(responseCode = "204", description = "Changed")
    @APIResponse(responseCode = "400",
            description = "current_password_incorrect, validation_failed (newPassword), malformed_request")
    @APIResponse(responseCode = "429", description = "rate_limited (wrong current passwords count as failed logins)")
    public Response changePassword(@Valid @NotNull ChangePasswordRequest request, @Context HttpServerRequest http) {
        accounts.changePassword(currentUser.id(), currentUser.sessionId().orElse(null), request.currentPassword(),
                request.newPassword(), clients.clientAddress(http));
        return Response.noContent().build();
    }
}
