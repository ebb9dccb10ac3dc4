package dev.convene.chat.rest;

import dev.convene.chat.service.ChatApiException;
import dev.convene.common.error.ApiError;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Adds headers (WWW-Authenticate, Retry-After) and field messages to service-common's error JSON. */
public class ChatErrorMappers {

    @ServerExceptionMapper
    public Response chatApiException(ChatApiException e) {
        Response.ResponseBuilder response = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(e.code(), e.getMessage(), e.fields()));
        e.headers().forEach(response::header);
        return response.build();
    }
}
