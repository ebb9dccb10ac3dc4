package dev.convene.room.rest.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "Counts for dashboards")
public record AdminStats(
        @Schema(description = "rooms that exist") long roomsTotal,
        @Schema(description = "rooms with a meeting that has not ended") long roomsOpen,
        @Schema(description = "rooms with someone connected now") long roomsActive,
        @Schema(description = "connections (participants) in all rooms now") long participantsOnline) {
}
