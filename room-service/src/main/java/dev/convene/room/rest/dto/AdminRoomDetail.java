package dev.convene.room.rest.dto;

import java.util.List;

/** A room with the participants connected to it right now. */
public record AdminRoomDetail(RoomDetails room, List<ParticipantView> participants) {
}
