package dev.convene.auth.rest;

import dev.convene.auth.entity.AccountStatus;
import dev.convene.auth.entity.UserAccount;
import dev.convene.auth.rest.dto.AdminUserView;
import dev.convene.auth.rest.dto.UserPage;
import dev.convene.auth.security.CurrentUser;
import dev.convene.auth.service.AdminUserService;
import dev.convene.auth.service.UserQuery;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Account administration (group admin). */
@Path("/api/admin/users")
@RolesAllowed(UserAccount.GROUP_ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin: users")
@APIResponse(responseCode = "401", description = "unauthorized")
@APIResponse(responseCode = "403", description = "forbidden (not an active administrator)")
public class AdminUserResource {

    private final AdminUserService admin;
    private final CurrentUser currentUser;

    public AdminUserResource(AdminUserService admin, CurrentUser currentUser) {
        this.admin = admin;
        this.currentUser = currentUser;
    }

    @GET
    @Operation(summary = "List and search accounts", description = "Deleted accounts only with status=deleted.")
    @APIResponse(responseCode = "200", description = "A page of accounts")
    @APIResponse(responseCode = "400", description = "validation_failed (page, size, sort, status, q)")
    public UserPage list(
            @Parameter(description = "matches username, email or display name, case-insensitively")
            @QueryParam("q") @Size(max = 100) String q,
            @QueryParam("status") @Pattern(regexp = "active|disabled|deleted") String status,
            // numbers taken as text: a non-number is then a validation error, not JAX-RS' 404
            @Parameter(description = "page number, from 0", schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
            @QueryParam("page") @DefaultValue("0") @Pattern(regexp = "\\d{1,6}", message = "must be a page number from 0")
            String page,
            @Parameter(description = "page size", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100"))
            @QueryParam("size") @DefaultValue("20") @Pattern(regexp = "\\d{1,3}", message = "must be from 1 to 100")
            @Min(1) @Max(UserQuery.MAX_SIZE) String size,
            @Parameter(description = "username, email, displayName, createdAt or lastLoginAt; '-' prefix = descending")
            @QueryParam("sort") @DefaultValue("username") @Pattern(regexp = UserQuery.SORT_REGEX) String sort) {
        UserQuery query = new UserQuery(Optional.ofNullable(q),
                Optional.ofNullable(status).map(value -> AccountStatus.valueOf(value.toUpperCase(Locale.ROOT))),
                sort, Integer.parseInt(page), Integer.parseInt(size));
        AdminUserService.Page result = admin.search(currentUser.id(), query);
        return new UserPage(result.items().stream().map(AdminUserView::of).toList(), result.page(), result.size(),
                result.total());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One account")
    @APIResponse(responseCode = "200", description = "The account")
    @APIResponse(responseCode = "404", description = "user_not_found")
    public AdminUserView get(@PathParam("id") UUID id) {
        return AdminUserView.of(admin.get(currentUser.id(), id));
    }

    @POST
    @Path("/{id}/disable")
    @Operation(summary = "Disable an account", description = "Ends all its sessions; login answers account_disabled.")
    @APIResponse(responseCode = "200", description = "The account")
    @APIResponse(responseCode = "404", description = "user_not_found")
    @APIResponse(responseCode = "409", description = "self_modification, user_deleted")
    public AdminUserView disable(@PathParam("id") UUID id) {
        return AdminUserView.of(admin.setDisabled(currentUser.id(), id, true));
    }

    @POST
    @Path("/{id}/enable")
    @Operation(summary = "Enable a disabled account")
    @APIResponse(responseCode = "200", description = "The account")
    @APIResponse(responseCode = "404", description = "user_not_found")
    @APIResponse(responseCode = "409", description = "self_modification, user_deleted")
    public AdminUserView enable(@PathParam("id") UUID id) {
        return AdminUserView.of(admin.setDisabled(currentUser.id(), id, false));
    }

    @PUT
    @Path("/{id}/admin")
    @Operation(summary = "Grant administrator rights")
    @APIResponse(responseCode = "200", description = "The account")
    @APIResponse(responseCode = "404", description = "user_not_found")
    @APIResponse(responseCode = "409", description = "self_modification, user_deleted")
    public AdminUserView grantAdmin(@PathParam("id") UUID id) {
        return AdminUserView.of(admin.setAdmin(currentUser.id(), id, true));
    }

    @DELETE
    @Path("/{id}/admin")
    @Operation(summary = "Revoke administrator rights", description = "Nobody can revoke their own.")
    @APIResponse(responseCode = "200", description = "The account")
    @APIResponse(responseCode = "404", description = "user_not_found")
    @APIResponse(responseCode = "409", description = "self_modification, user_deleted")
    public AdminUserView revokeAdmin(@PathParam("id") UUID id) {
        return AdminUserView.of(admin.setAdmin(currentUser.id(), id, false));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete an account (anonymise)",
            description = "Keeps the id for references; removes username, email, display name, password, sessions.")
    @APIResponse(responseCode = "204", description = "Deleted (also when it already was)")
    @APIResponse(responseCode = "404", description = "user_not_found")
    @APIResponse(responseCode = "409", description = "self_modification")
    public Response delete(@PathParam("id") UUID id) {
        admin.anonymise(currentUser.id(), id);
        return Response.noContent().build();
    }
}
