package dev.convene.room.rest;

import dev.convene.room.rest.dto.RoomDetails;
import dev.convene.room.security.CurrentCaller;
import dev.convene.room.service.HostControlService;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Host controls (owner or co-host of the current meeting). Each publishes its event on
 * Redis after commit (docs/events.md). Refusals: 403 not_host, 404 room_not_found,
 * 409 room_closed; a user id that is not a UUID is an unknown path (404).
 */
@Path("/api/rooms")
@Tag(name = "host")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "access-token")
@APIResponse(responseCode = "403", description = "not_host")
@APIResponse(responseCode = "409", description = "room_closed")
public class HostControlResource {

    @Inject
    HostControlService host;

    @Inject
    CurrentCaller caller;

    @POST
    @Path("/{slug}/lock")
    @Operation(summary = "Lock the meeting: nobody new joins (room.locked)")
    public RoomDetails lock(@PathParam("slug") String slug) {
        return RoomDetails.of(host.setLocked(caller.get(), slug, true));
    }

    @POST
    @Path("/{slug}/unlock")
    @Operation(summary = "Unlock the meeting (room.unlocked)")
    public RoomDetails unlock(@PathParam("slug") String slug) {
        return RoomDetails.of(host.setLocked(caller.get(), slug, false));
    }

    @DELETE
    @Path("/{slug}/participants/{userId}")
    @Operation(summary = "Remove a user from the meeting; they cannot rejoin it (participant.removed)")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "409", description = "cannot_target_owner, room_closed")
    public void remove(@PathParam("slug") String slug, @PathParam("userId") UUID userId) {
        host.remove(caller.get(), slug, userId);
    }

    @POST
    @Path("/{slug}/participants/{userId}/mute")
    @Operation(summary = "Ask a user to mute their microphone (participant.mute-requested)")
    @APIResponse(responseCode = "204", description = "Asked")
    public void mute(@PathParam("slug") String slug, @PathParam("userId") UUID userId) {
        host.requestMute(caller.get(), slug, userId);
    }

    @POST
    @Path("/{slug}/mute-all")
    @Operation(summary = "Ask everyone but the hosts to mute (room.mute-all)")
    @APIResponse(responseCode = "204", description = "Asked")
    public void muteAll(@PathParam("slug") String slug) {
        host.muteAll(caller.get(), slug);
    }

    @POST
    @Path("/{slug}/end")
    @Operation(summary = "End the meeting for everyone; the room is closed until reopened (room.ended)")
    @APIResponse(responseCode = "204", description = "Ended")
    public void end(@PathParam("slug") String slug) {
        host.end(caller.get(), slug);
    }

    @POST
    @Path("/{slug}/reopen")
    @Operation(summary = "Start a new meeting in a closed room (owner)")
    @APIResponse(responseCode = "403", description = "not_owner")
    @APIResponse(responseCode = "409", description = "room_open")
    public RoomDetails reopen(@PathParam("slug") String slug) {
        return RoomDetails.of(host.reopen(caller.get(), slug));
    }

    @PUT
    @Path("/{slug}/cohosts/{userId}")
    @Operation(summary = "Make a user co-host of this meeting (participant.role-changed)")
    @APIResponse(responseCode = "204", description = "Promoted (or already co-host)")
    @APIResponse(responseCode = "409", description = "cannot_target_owner, room_closed")
    public void promote(@PathParam("slug") String slug, @PathParam("userId") UUID userId) {
        host.promote(caller.get(), slug, userId);
    }

    @DELETE
    @Path("/{slug}/cohosts/{userId}")
    @Operation(summary = "Withdraw a co-host's rights (participant.role-changed)")
    @APIResponse(responseCode = "204", description = "Demoted (or was not co-host)")
    public void demote(@PathParam("slug") String slug, @PathParam("userId") UUID userId) {
        host.demote(caller.get(), slug, userId);
    }
}
