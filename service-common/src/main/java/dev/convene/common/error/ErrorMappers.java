package dev.convene.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of a REST call into {@link ApiError} JSON. Unexpected faults are logged
 * with an incident id that is also returned, so support can correlate without the client ever
 * seeing a stack trace. The security mappers apply where authentication happens inside the
 * REST layer ({@code quarkus.http.auth.proactive=false}); Quarkus' own answers have no body.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        Response.ResponseBuilder response = Response.status(e.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(e.code(), e.getMessage(), e.fields()));
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        // Jackson's message echoes input and class names: answer with a fixed text instead.
        return json(400, new ApiError(ErrorCodes.MALFORMED_REQUEST, "Request body is not valid JSON of the expected shape"));
    }

    /**
     * A value of the wrong type ({"name": [1]}, an array for an object). Quarkus has a built-in
     * mapper for exactly this type (empty body or Jackson's details) that would win over the
     * broader JsonProcessingException mapper above.
     */
    @ServerExceptionMapper
    public Response wrongShape(MismatchedInputException e) {
        return malformedJson(e);
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return unauthorized("Authentication is required: send a valid token");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthorized("The token is not valid or has expired");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return json(403, new ApiError(ErrorCodes.FORBIDDEN, "This needs rights the caller does not have"));
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            fields.putIfAbsent(fieldName(violation), violation.getMessage());
        }
        return json(400, new ApiError(ErrorCodes.VALIDATION_FAILED, "Some fields are invalid", fields));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException jsonError) {
            return malformedJson(jsonError);
        }
        String message = status >= 500 ? "The service could not handle the request" : reasonOf(e.getResponse());
        return json(status, new ApiError(ErrorCodes.forStatus(status), message));
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unhandled error, incident %s", incident);
        return json(500, new ApiError(ErrorCodes.INTERNAL, "Internal error (incident " + incident + ")"));
    }

    private static String reasonOf(Response response) {
        Response.StatusType info = response.getStatusInfo();
        return info != null && info.getReasonPhrase() != null ? info.getReasonPhrase() : "Request refused";
    }

    /** "create.request.email" (method.parameter.property) → "email". */
    private static String fieldName(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        int dot = path.lastIndexOf('.');
        return dot >= 0 ? path.substring(dot + 1) : path;
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
