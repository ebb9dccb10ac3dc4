package dev.convene.auth.rest;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.convene.auth.service.InvalidFieldsException;
import dev.convene.auth.service.ThrottledException;
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
 * JSON answers for the failures specific to this service, next to service-common's
 * ErrorMappers: throttling (429 + Retry-After), multi-field rules (400 validation_failed), the
 * security layer's exceptions (401/403), whose built-in answers have no JSON body, and
 * mistyped JSON values.
 */
public class AuthExceptionMappers {

    @ServerExceptionMapper
    public Response throttled(ThrottledException e) {
        return Response.status(429)
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(ErrorCodes.RATE_LIMITED, "Too many failed attempts: retry later"))
                .build();
    }

    @ServerExceptionMapper
    public Response invalidFields(InvalidFieldsException e) {
        return json(400, new ApiError(ErrorCodes.VALIDATION_FAILED, "Some fields are invalid", e.fields()));
    }

    /**
     * A JSON value of the wrong type ({"username": [1]}). Quarkus' built-in mapper for this
     * exception is more specific than service-common's JsonProcessingException mapper and
     * would answer with Jackson's details; this gives the common fixed answer instead.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return json(400, new ApiError(ErrorCodes.MALFORMED_REQUEST, "Request body is not valid JSON of the expected shape"));
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return unauthorized("Authentication is required: send a valid access token");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthorized("The access token is not valid or has expired");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return json(403, new ApiError(ErrorCodes.FORBIDDEN, "This needs rights the caller does not have"));
    }

    private static Response unauthorized(String message) {
        return Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(ErrorCodes.UNAUTHORIZED, message))
                .build();
    }

    private static Response json(int status, ApiError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(error).build();
    }
}
