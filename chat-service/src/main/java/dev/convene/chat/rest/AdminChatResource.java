package dev.convene.chat.rest;

import dev.convene.chat.model.MessageView;
import dev.convene.chat.model.PurgeResult;
import dev.convene.chat.model.RetentionSetting;
import dev.convene.chat.security.AdminTokenVerifier;
import dev.convene.chat.service.ChatErrors;
import dev.convene.chat.service.ModerationService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

/** Moderation for administrators (auth-service access token with group admin). */
@Path("/api/admin/chat")
@Produces(MediaType.APPLICATION_JSON)
public class AdminChatResource {

    @Inject
    AdminTokenVerifier tokens;
    @Inject
    ModerationService moderation;

    @DELETE
    @Path("/rooms/{room}/messages/{messageId}")
    public MessageView deleteMessage(@RestPath String room, @RestPath String messageId,
            @RestHeader("Authorization") String authorization) {
        return moderation.deleteMessage(tokens.verify(authorization), room, Params.messageId(messageId));
    }

    @POST
    @Path("/rooms/{room}/purge")
    public PurgeResult purge(@RestPath String room, @RestHeader("Authorization") String authorization) {
        return moderation.purge(tokens.verify(authorization), room);
    }

    @GET
    @Path("/retention")
    public RetentionSetting retention(@RestHeader("Authorization") String authorization) {
        tokens.verify(authorization);
        return moderation.retention();
    }

    @PUT
    @Path("/retention")
    @Consumes(MediaType.APPLICATION_JSON)
    public RetentionSetting setRetention(@RestHeader("Authorization") String authorization, RetentionSetting setting) {
        tokens.verify(authorization);
        if (setting == null) {
            throw ChatErrors.invalid("days", "is required");
        }
        return moderation.setRetention(setting.days());
    }
}
