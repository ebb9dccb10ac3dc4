package dev.convene.room.rest;

import dev.convene.common.error.ApiException;
import dev.convene.common.error.ErrorCodes;
import dev.convene.room.presence.PresenceEntry;
import dev.convene.room.rest.dto.AdminRoomDetail;
import dev.convene.room.rest.dto.AdminRoomSummary;
import dev.convene.room.rest.dto.AdminStats;
import dev.convene.room.rest.dto.PageView;
import dev.convene.room.rest.dto.ParticipantView;
import dev.convene.room.rest.dto.RoomDetails;
import dev.convene.room.security.CurrentCaller;
import dev.convene.room.service.AdminRoomService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/admin/rooms")
@Tag(name = "admin")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "access-token")
@APIResponse(responseCode = "401", description = "unauthorized")
@APIResponse(responseCode = "403", description = "forbidden (not an admin)")
public class AdminRoomResource {

    @Inject
    AdminRoomService admin;

    @Inject
    CurrentCaller caller;

    @GET
    @Operation(summary = "All rooms, newest first, with filters")
    @APIResponse(responseCode = "400", description = "validation_failed")
    public PageView<AdminRoomSummary> list(
            @Parameter(description = "only rooms with someone connected now") @QueryParam("active") @DefaultValue("false") boolean active,
            @Parameter(description = "owner's user id") @QueryParam("owner") String owner,
            @Parameter(description = "text in the name, slug or owner name") @QueryParam("q") @Size(max = 100) String text,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(100_000) int page,
            @QueryParam("size") @DefaultValue("20") @Min(1) @Max(100) int size) {
        var result = admin.search(new AdminRoomService.Filter(active, ownerId(owner), text, page, size));
        List<AdminRoomSummary> items = result.rooms().stream()
                .map(room -> AdminRoomSummary.of(room, result.live().getOrDefault(room.slug, List.of()).size()))
                .toList();
        return new PageView<>(items, page, size, result.total());
    }

    @GET
    @Path("/stats")
    @Operation(summary = "Counts for dashboards")
    public AdminStats stats() {
        var stats = admin.stats();
        return new AdminStats(stats.roomsTotal(), stats.roomsOpen(), stats.roomsActive(), stats.participantsOnline());
    }

    @GET
    @Path("/{slug}")
    @Operation(summary = "A room with its live participants (from presence)")
    @APIResponse(responseCode = "404", description = "room_not_found")
    public AdminRoomDetail detail(@PathParam("slug") String slug) {
        RoomDetails room = RoomDetails.of(admin.room(slug));
        List<PresenceEntry> live = admin.participants(slug);
        return new AdminRoomDetail(room, live.stream().map(ParticipantView::of).toList());
    }

    @POST
    @Path("/{slug}/close")
    @Operation(summary = "End the room's meeting now (room.ended, reason closed_by_admin)")
    @APIResponse(responseCode = "404", description = "room_not_found")
    public RoomDetails close(@PathParam("slug") String slug) {
        return RoomDetails.of(admin.forceClose(caller.get(), slug));
    }

    private static UUID ownerId(String owner) {
        if (owner == null || owner.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(owner);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, ErrorCodes.VALIDATION_FAILED, "owner must be a user id (UUID)");
        }
    }
}
