package dev.convene.auth.rest;

import dev.convene.auth.entity.Session.RevokeReason;
import dev.convene.auth.entity.UserAccount;
import dev.convene.auth.rest.dto.GuestRequest;
import dev.convene.auth.rest.dto.LoginRequest;
import dev.convene.auth.rest.dto.SignupRequest;
import dev.convene.auth.rest.dto.TokenResponse;
import dev.convene.auth.rest.dto.UserView;
import dev.convene.auth.security.AccessTokenIssuer;
import dev.convene.auth.security.AccessTokenIssuer.IssuedToken;
import dev.convene.auth.security.ClientAddressResolver;
import dev.convene.auth.security.CurrentUser;
import dev.convene.auth.security.RenewableGuestTokens;
import dev.convene.auth.service.AccountService;
import dev.convene.auth.service.AuthErrors;
import dev.convene.auth.service.Identifiers;
import dev.convene.auth.service.LoginService;
import dev.convene.auth.service.SessionService;
import dev.convene.auth.service.SessionService.OpenSession;
import dev.convene.common.error.ApiError;
import dev.convene.common.error.ApiException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Signup, login, the refresh cookie's life cycle, and guest tokens. */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sessions", description = "Accounts, login, refresh and logout")
public class AuthResource {

    private final AccountService accounts;
    private final LoginService logins;
    private final SessionService sessions;
    private final AccessTokenIssuer tokens;
    private final RefreshCookie cookie;
    private final ClientAddressResolver clients;
    private final CurrentUser currentUser;
    private final RenewableGuestTokens guestTokens;
    private final Duration guestMaxAge;
    /** A renewal that would give less than this is refused: the client then starts a new guest. */
    private static final Duration GUEST_MIN_RENEWAL = Duration.ofMinutes(1);

    public AuthResource(AccountService accounts, LoginService logins, SessionService sessions, AccessTokenIssuer tokens,
            RefreshCookie cookie, ClientAddressResolver clients, CurrentUser currentUser, RenewableGuestTokens guestTokens,
            dev.convene.auth.config.TokenConfig config) {
        this.guestMaxAge = config.guestMaxAge();
        this.guestTokens = guestTokens;
        this.accounts = accounts;
        this.logins = logins;
        this.sessions = sessions;
        this.tokens = tokens;
        this.cookie = cookie;
        this.clients = clients;
        this.currentUser = currentUser;
    }

    @POST
    @Path("/signup")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an account and log in", description = "Sets the refresh cookie.")
    @APIResponse(responseCode = "201", description = "Created and logged in")
    @APIResponse(responseCode = "400", description = "validation_failed (fields), malformed_request")
    @APIResponse(responseCode = "409", description = "username_taken, email_taken")
    public Response signup(@Valid @NotNull SignupRequest request) {
        UserAccount user = accounts.signup(request.username(), request.email(), request.displayName(), request.password());
        return loggedIn(Response.Status.CREATED, user, sessions.open(user.id));
    }

    @POST
    @Path("/login")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Log in with username or email and password", description = "Sets the refresh cookie.")
    @APIResponse(responseCode = "200", description = "Logged in")
    @APIResponse(responseCode = "401", description = "invalid_credentials (same for unknown account and wrong password)")
    @APIResponse(responseCode = "403", description = "account_disabled (only after the right password)")
    @APIResponse(responseCode = "429", description = "rate_limited, with Retry-After")
    public Response login(@Valid @NotNull LoginRequest request, @Context HttpServerRequest http) {
        LoginService.LoggedIn result = logins.login(request.login(), request.password(), clients.clientAddress(http));
        return loggedIn(Response.Status.OK, result.user(), result.session());
    }

    @POST
    @Path("/refresh")
    @PermitAll
    @Operation(summary = "Exchange the refresh cookie for a new access token and a new cookie")
    @APIResponse(responseCode = "200", description = "Refreshed; the cookie was rotated")
    @APIResponse(responseCode = "401",
            description = "refresh_token_missing, refresh_token_invalid, refresh_token_expired, refresh_token_reused"
                    + " (the session was revoked), account_gone; the cookie is cleared")
    @APIResponse(responseCode = "403", description = "account_disabled; the cookie is cleared")
    @APIResponse(responseCode = "409", description = "refresh_token_superseded: retry once with the current cookie")
    public Response refresh(@Context HttpHeaders headers) {
        try {
            String presented = cookie.read(headers)
                    .orElseThrow(() -> AuthErrors.refresh(AuthErrors.REFRESH_TOKEN_MISSING));
            SessionService.Refreshed refreshed = sessions.refresh(presented);
            return loggedIn(Response.Status.OK, refreshed.user(), refreshed.session());
        } catch (ApiException e) {
            if (e.status() == 409) {
                throw e;
            }
            // the cookie is worthless from now on: have the browser drop it
            return Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE).cookie(cookie.clear())
                    .entity(new ApiError(e.code(), e.getMessage())).build();
        }
    }

    @POST
    @Path("/logout")
    @PermitAll
    @Operation(summary = "End the session of the refresh cookie", description = "Idempotent; clears the cookie.")
    @APIResponse(responseCode = "204", description = "Logged out")
    public Response logout(@Context HttpHeaders headers) {
        cookie.read(headers).ifPresent(token -> sessions.revoke(token, RevokeReason.LOGOUT));
        return Response.noContent().cookie(cookie.clear()).build();
    }

    @POST
    @Path("/logout-all")
    @RolesAllowed(UserAccount.GROUP_USER)
    @Operation(summary = "End every session of the caller, on every device",
            description = "Access tokens already issued stay valid until they expire (at most 15 minutes).")
    @APIResponse(responseCode = "204", description = "All sessions ended")
    @APIResponse(responseCode = "401", description = "unauthorized")
    public Response logoutAll() {
        sessions.revokeAll(currentUser.id(), RevokeReason.LOGOUT_ALL);
        return Response.noContent().cookie(cookie.clear()).build();
    }

    @POST
    @Path("/guest")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Get a guest access token with only a display name",
            description = "groups=[guest], a new random subject, no account and no refresh token.")
    @APIResponse(responseCode = "200", description = "Guest token")
    @APIResponse(responseCode = "400", description = "validation_failed, malformed_request")
    public Response guest(@Valid @NotNull GuestRequest request) {
        UUID guestId = UUID.randomUUID();
        String displayName = Identifiers.displayName(request.displayName());
        IssuedToken token = tokens.forGuest(guestId, displayName);
        return Response.ok(TokenResponse.bearer(token.value(), token.expiresIn(), UserView.guest(guestId, displayName)))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    @POST
    @Path("/guest/renew")
    @PermitAll // the token is checked here: it may have expired (RenewableGuestTokens)
    @Operation(summary = "Renew the caller's guest token: same subject and name, a fresh lifetime",
            description = "Bearer: a guest token of ours, also an expired one. A guest identity lasts at most "
                    + "convene.auth.token.guest-max-age (12 h) from its first token; a renewal near that limit gets a "
                    + "shorter token.")
    @APIResponse(responseCode = "200", description = "Guest token")
    @APIResponse(responseCode = "401", description = "unauthorized (no token of ours, or an expired one that is not a guest's)")
    @APIResponse(responseCode = "403", description = "forbidden (not a guest token), guest_expired")
    public Response renewGuest(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        RenewableGuestTokens.GuestIdentity guest = guestTokens.verify(authorization);
        long since = guest.since();
        if (Instant.now().getEpochSecond() >= since + guestMaxAge.toSeconds() - GUEST_MIN_RENEWAL.toSeconds()) {
            throw AuthErrors.guestExpired();
        }
        UUID guestId = guest.id();
        String displayName = guest.name();
        IssuedToken token = tokens.forGuest(guestId, displayName, since);
        return Response.ok(TokenResponse.bearer(token.value(), token.expiresIn(), UserView.guest(guestId, displayName)))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    private Response loggedIn(Response.Status status, UserAccount user, OpenSession session) {
        IssuedToken token = tokens.forUser(user, session.sessionId());
        return Response.status(status)
                .cookie(cookie.issue(session))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(TokenResponse.bearer(token.value(), token.expiresIn(), UserView.of(user)))
                .build();
    }
}
