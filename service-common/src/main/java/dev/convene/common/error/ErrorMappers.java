package dev.convene.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
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
 * seeing a stack trace.
 */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        return json(e.status(), new ApiError(e.code(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        // Jackson's message echoes input and class names: answer with a fixed text instead.
        return json(400, new ApiError(ErrorCodes.MALFORMED_REQUEST, "Request body is not valid JSON of the expected shape"));
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

    private static Response json(int status, ApiError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(error).build();
    }
}
