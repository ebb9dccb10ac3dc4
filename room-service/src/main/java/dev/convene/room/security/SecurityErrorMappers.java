package dev.convene.room.security;

import dev.convene.common.error.ApiError;
import dev.convene.common.error.ErrorCodes;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Security refusals as the JSON error contract (Quarkus' own mappers answer with an empty
 * body). Works because proactive authentication is off: tokens are checked inside the REST
 * layer, where these mappers apply.
 */
public class SecurityErrorMappers {

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthorized("The access token is invalid or expired");
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthorized("An access token is required");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Response.status(403).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(ErrorCodes.FORBIDDEN, "Your account may not do this")).build();
    }

    private static Response unauthorized(String message) {
        return Response.status(401).type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(new ApiError(ErrorCodes.UNAUTHORIZED, message)).build();
    }
}
