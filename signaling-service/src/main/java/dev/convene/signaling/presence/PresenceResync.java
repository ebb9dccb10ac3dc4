package dev.convene.signaling.presence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.convene.signaling.events.RedisSubscriber;
import dev.convene.signaling.service.LocalRoom;
import dev.convene.signaling.service.LocalRooms;
import dev.convene.signaling.service.Participant;
import dev.convene.signaling.ws.ServerMessages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * After the Redis subscription was lost and re-established, presence events of the gap are
 * gone: re-read each local room's presence and tell local participants who joined or left
 * meanwhile, so their participant lists converge without a reconnect.
 */
@ApplicationScoped
public class PresenceResync implements RedisSubscriber.InboundListener {

    @Inject
    LocalRooms rooms;
    @Inject
    PresenceStore presence;
    @Inject
    ServerMessages messages;

    @Override
    public void onResubscribed() {
        for (LocalRoom room : rooms.rooms()) {
            presence.liveEntries(room.slug()).onSuccess(entries -> resync(room, entries));
        }
    }

    private void resync(LocalRoom room, Map<String, ObjectNode> entries) {
        Set<String> known = new HashSet<>(room.routes().keySet());
        entries.forEach((id, entry) -> {
            room.route(id, entry.path("replica").asText());
            if (!known.remove(id)) {
                deliver(room, id, messages.participantJoined(messages.publicView(entry)));
            }
        });
        for (String gone : known) {
            if (room.participant(gone) == null) {
                room.forget(gone);
                deliver(room, gone, messages.participantLeft(gone, "connection_lost"));
            }
        }
    }

    private static void deliver(LocalRoom room, String about, String frame) {
        for (Participant p : room.participants()) {
            if (!p.id().equals(about)) {
                p.deliver(frame);
            }
        }
    }
}
