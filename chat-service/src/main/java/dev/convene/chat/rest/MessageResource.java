package dev.convene.chat.rest;

import dev.convene.chat.model.HistoryPage;
import dev.convene.chat.model.MessageView;
import dev.convene.chat.model.SendMessageRequest;
import dev.convene.chat.security.RoomCaller;
import dev.convene.chat.security.RoomTokenVerifier;
import dev.convene.chat.service.MessageService;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/** Messages of one room; every call needs a room token for that room. */
@Path("/api/chat/rooms/{room}/messages")
@Produces(MediaType.APPLICATION_JSON)
public class MessageResource {

    @Inject
    RoomTokenVerifier tokens;
    @Inject
    MessageService messages;

    /** Newest page by default; {@code after=N}: forward from seq N (catch-up); {@code before=N}: backward. */
    @GET
    public HistoryPage history(@RestPath String room, @RestHeader("Authorization") String authorization,
            @RestQuery String after, @RestQuery String before, @RestQuery String limit) {
        return messages.history(tokens.verify(authorization, room), Params.optionalLong("after", after),
                Params.optionalLong("before", before), Params.optionalInt("limit", limit));
    }

    /**
     * Idempotent send: 201 the first time, 200 with the same message on a retry. Runs on the
     * event loop and answers when the message's batch committed (no worker thread parked per
     * send: on the 2-core box the hand-offs to and from a worker were a large share of a
     * send's cost); a token seen for the first time is verified on a worker thread.
     */
    @PUT
    @Path("/{clientId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<MessageView>> send(@RestPath String room, @RestPath String clientId,
            @RestHeader("Authorization") String authorization, SendMessageRequest request) {
        String text = request == null ? null : request.text();
        RoomCaller known = tokens.verifyCached(authorization, room);
        Uni<RoomCaller> caller = known != null ? Uni.createFrom().item(known)
                : Uni.createFrom().item(() -> tokens.verify(authorization, room))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return caller.chain(c -> Uni.createFrom().completionStage(messages.send(c, clientId, text)))
                .map(result -> RestResponse.status(
                        result.created() ? RestResponse.Status.CREATED : RestResponse.Status.OK, result.message()));
    }

    @PATCH
    @Path("/{messageId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public MessageView edit(@RestPath String room, @RestPath String messageId,
            @RestHeader("Authorization") String authorization, SendMessageRequest request) {
        return messages.edit(tokens.verify(authorization, room), Params.messageId(messageId),
                request == null ? null : request.text());
    }

    /** Answers with the tombstone. */
    @DELETE
    @Path("/{messageId}")
    public MessageView delete(@RestPath String room, @RestPath String messageId,
            @RestHeader("Authorization") String authorization) {
        return messages.delete(tokens.verify(authorization, room), Params.messageId(messageId));
    }

    @PUT
    @Path("/{messageId}/reactions/{emoji}")
    public MessageView react(@RestPath String room, @RestPath String messageId, @RestPath String emoji,
            @RestHeader("Authorization") String authorization) {
        return messages.react(tokens.verify(authorization, room), Params.messageId(messageId), emoji, true);
    }

    @DELETE
    @Path("/{messageId}/reactions/{emoji}")
    public MessageView unreact(@RestPath String room, @RestPath String messageId, @RestPath String emoji,
            @RestHeader("Authorization") String authorization) {
        return messages.react(tokens.verify(authorization, room), Params.messageId(messageId), emoji, false);
    }
}
