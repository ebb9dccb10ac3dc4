package dev.convene.room.rest;

import dev.convene.room.config.RoomServiceConfig;
import dev.convene.room.rest.dto.JoinRequest;
import dev.convene.room.rest.dto.JoinResponse;
import dev.convene.room.rest.dto.LobbyEntry;
import dev.convene.room.rest.dto.RenewRequest;
import dev.convene.room.security.CurrentCaller;
import dev.convene.room.service.JoinOutcome;
import dev.convene.room.service.JoinService;
import dev.convene.room.service.LobbyPoller;
import dev.convene.room.service.LobbyService;
import dev.convene.room.service.RoomErrors;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/rooms")
@Tag(name = "join")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "access-token")
public class JoinResource {

    @Inject
    JoinService joins;

    @Inject
    LobbyService lobby;

    @Inject
    LobbyPoller poller;

    @Inject
    CurrentCaller caller;

    @Inject
    RoomServiceConfig config;

    @POST
    @Path("/{slug}/join")
    @Operation(summary = "Join the room's meeting: a room token, or a place in the lobby")
    @APIResponse(responseCode = "200", description = "joined: roomToken, expiresIn, role, grants, room")
    @APIResponse(responseCode = "202", description = "waiting: poll GET lobby/{lobbyRequestId}")
    @APIResponse(responseCode = "403", description = "passcode_required, wrong_passcode, room_locked, "
            + "guests_not_allowed, removed_from_meeting")
    @APIResponse(responseCode = "404", description = "room_not_found")
    @APIResponse(responseCode = "409", description = "room_closed, room_full")
    @APIResponse(responseCode = "429", description = "too_many_attempts (Retry-After)")
    public Response join(@PathParam("slug") String slug, @Valid JoinRequest request) {
        String passcode = request == null ? null : request.passcode();
        return respond(joins.join(caller.get(), slug, passcode));
    }

    @POST
    @Path("/{slug}/renew")
    @Operation(summary = "Exchange a current room token for a fresh one (no passcode, lock or lobby again)")
    @APIResponse(responseCode = "403", description = "invalid_room_token, removed_from_meeting")
    @APIResponse(responseCode = "409", description = "room_closed")
    public JoinResponse renew(@PathParam("slug") String slug, @Valid @NotNull RenewRequest request) {
        return JoinResponse.of(joins.renew(caller.get(), slug, request.roomToken()));
    }

    @GET
    @Path("/{slug}/lobby")
    @Operation(summary = "Who is waiting in the lobby (hosts)")
    @APIResponse(responseCode = "403", description = "not_host")
    public List<LobbyEntry> waiting(@PathParam("slug") String slug) {
        return lobby.waiting(caller.get(), slug).stream().map(LobbyEntry::of).toList();
    }

    @GET
    @Path("/{slug}/lobby/{requestId}")
    @Blocking
    @Operation(summary = "Where my lobby request stands; waits up to `wait` seconds for a decision")
    @APIResponse(responseCode = "200", description = "admitted: a room token, as for join")
    @APIResponse(responseCode = "202", description = "still waiting")
    @APIResponse(responseCode = "403", description = "lobby_denied, removed_from_meeting")
    @APIResponse(responseCode = "404", description = "lobby_request_not_found")
    @APIResponse(responseCode = "409", description = "room_closed")
    public Uni<Response> poll(@PathParam("slug") String slug, @PathParam("requestId") String requestId,
            @QueryParam("wait") @DefaultValue("25") @Min(0) @Max(60) int waitSeconds) {
        Duration wait = Duration.ofSeconds(Math.min(waitSeconds, config.lobby().maxWait().toSeconds()));
        return poller.poll(caller.get(), slug, requestId(requestId), wait).map(JoinResource::respond);
    }

    @POST
    @Path("/{slug}/lobby/{requestId}/admit")
    @Operation(summary = "Let a waiting user in (hosts)")
    @APIResponse(responseCode = "204", description = "Admitted; lobby.admitted published")
    @APIResponse(responseCode = "409", description = "lobby_request_decided")
    public void admit(@PathParam("slug") String slug, @PathParam("requestId") String requestId) {
        lobby.decide(caller.get(), slug, requestId(requestId), true);
    }

    @POST
    @Path("/{slug}/lobby/{requestId}/deny")
    @Operation(summary = "Turn a waiting user away (hosts)")
    @APIResponse(responseCode = "204", description = "Denied; lobby.denied published")
    @APIResponse(responseCode = "409", description = "lobby_request_decided")
    public void deny(@PathParam("slug") String slug, @PathParam("requestId") String requestId) {
        lobby.decide(caller.get(), slug, requestId(requestId), false);
    }

    private static Response respond(JoinOutcome outcome) {
        int status = outcome instanceof JoinOutcome.Waiting ? 202 : 200;
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(JoinResponse.of(outcome)).build();
    }

    private static UUID requestId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw RoomErrors.lobbyRequestNotFound();
        }
    }
}
