package dev.convene.room.rest;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.convene.common.error.ApiError;
import dev.convene.common.error.ErrorCodes;
import dev.convene.room.service.TooManyAttemptsException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Error mappings service-common's ErrorMappers does not (yet) cover. */
public class RoomErrorMappers {

    /** The one refusal that needs a header besides the JSON error: Retry-After. */
    @ServerExceptionMapper
    public Response tooManyAttempts(TooManyAttemptsException e) {
        return Response.status(e.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
                .entity(new ApiError(e.code(), e.getMessage()))
                .build();
    }

    /**
     * A body of the wrong shape ("maxParticipants": "many", an array for an object). Quarkus
     * has a built-in mapper for exactly this type that answers with an empty body, and it wins
     * over service-common's mapper for the broader JsonProcessingException.
     */
    @ServerExceptionMapper
    public Response wrongShape(MismatchedInputException e) {
        return Response.status(400)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(ErrorCodes.MALFORMED_REQUEST, "Request body is not valid JSON of the expected shape"))
                .build();
    }
}
