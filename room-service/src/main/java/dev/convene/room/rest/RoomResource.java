package dev.convene.room.rest;

import dev.convene.room.rest.dto.CreateRoomRequest;
import dev.convene.room.rest.dto.RoomDetails;
import dev.convene.room.rest.dto.RoomView;
import dev.convene.room.rest.dto.UpdateRoomRequest;
import dev.convene.room.security.CurrentCaller;
import dev.convene.room.service.RoomService;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/rooms")
@Tag(name = "rooms")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "access-token")
public class RoomResource {

    @Inject
    RoomService rooms;

    @Inject
    CurrentCaller caller;

    @POST
    @RolesAllowed({"user", "admin"})
    @Operation(summary = "Create a room (accounts only, not guests); its first meeting starts open")
    @APIResponse(responseCode = "201", description = "Created; Location is the room's URL")
    @APIResponse(responseCode = "400", description = "validation_failed, malformed_request")
    @APIResponse(responseCode = "403", description = "forbidden (a guest)")
    public Response create(@Valid @NotNull CreateRoomRequest request, UriInfo uri) {
        RoomDetails room = RoomDetails.of(rooms.create(caller.get(), request));
        return Response.created(uri.getAbsolutePathBuilder().path(room.slug()).build()).entity(room).build();
    }

    @GET
    @RolesAllowed({"user", "admin"})
    @Operation(summary = "The rooms I own, newest first")
    public List<RoomDetails> mine() {
        return rooms.ownedBy(caller.get()).stream().map(RoomDetails::of).toList();
    }

    @GET
    @Path("/{slug}")
    @PermitAll
    @Operation(summary = "What a joiner needs to know about a room (public: anyone with the link)")
    @APIResponse(responseCode = "404", description = "room_not_found")
    public RoomView get(@PathParam("slug") String slug) {
        return RoomView.of(rooms.bySlug(slug));
    }

    @GET
    @Path("/{slug}/settings")
    @Authenticated
    @Operation(summary = "All settings of a room (hosts)")
    @APIResponse(responseCode = "403", description = "not_host")
    public RoomDetails settings(@PathParam("slug") String slug) {
        return RoomDetails.of(rooms.forHost(caller.get(), slug));
    }

    @PATCH
    @Path("/{slug}")
    @Authenticated
    @Operation(summary = "Change settings (hosts); absent fields stay, passcode:null removes the passcode")
    @APIResponse(responseCode = "403", description = "not_host")
    public RoomDetails update(@PathParam("slug") String slug, @Valid @NotNull UpdateRoomRequest request) {
        return RoomDetails.of(rooms.update(caller.get(), slug, request));
    }

    @DELETE
    @Path("/{slug}")
    @Authenticated
    @Operation(summary = "Delete a room (owner); a meeting in progress ends")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "403", description = "not_owner")
    public void delete(@PathParam("slug") String slug) {
        rooms.delete(caller.get(), slug);
    }
}
