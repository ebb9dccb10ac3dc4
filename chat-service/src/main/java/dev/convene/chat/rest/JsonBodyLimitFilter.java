package dev.convene.chat.rest;

import dev.convene.common.error.ApiError;
import dev.convene.common.error.ErrorCodes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The HTTP body cap is sized for file uploads; JSON bodies are tiny (a 4,000-character message
 * is at most ~50 KB even fully escaped), so anything declaring more than 64 KB outside the
 * upload endpoint is refused before it is read.
 */
public class JsonBodyLimitFilter {

    static final long MAX_JSON_BYTES = 64 * 1024;

    @ServerRequestFilter(preMatching = true)
    public Response limit(ContainerRequestContext request) {
        if (request.getUriInfo().getPath().endsWith("/files")) {
            return null;
        }
        String length = request.getHeaderString("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) <= MAX_JSON_BYTES) {
                    return null;
                }
            } catch (NumberFormatException e) {
                return null; // Vert.x rejects malformed lengths itself
            }
            return Response.status(413).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError(ErrorCodes.PAYLOAD_TOO_LARGE, "JSON bodies are limited to 64 KB")).build();
        }
        return null;
    }
}
