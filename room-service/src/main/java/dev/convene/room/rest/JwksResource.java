package dev.convene.room.rest;

import dev.convene.room.security.RoomTokenKeys;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/rooms/jwks")
@Tag(name = "keys")
@PermitAll
public class JwksResource {

    @Inject
    RoomTokenKeys keys;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "JWK set of the keys that sign room tokens (for signaling-service and chat-service)")
    public Response jwks() {
        // Verifiers may cache it briefly; on a token with an unknown kid (a key rotation) they refetch.
        return Response.ok(keys.jwks()).header("Cache-Control", "public, max-age=300").build();
    }
}
