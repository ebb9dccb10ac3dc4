package dev.convene.room.rest;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** OpenAPI document metadata; title and version come from application.properties. */
@OpenAPIDefinition(
        info = @Info(title = "Convene room-service API", version = "0.1.0"),
        tags = {
            @Tag(name = "rooms", description = "Create, read, change and delete rooms"),
            @Tag(name = "join", description = "Room tokens: join, renew, lobby"),
            @Tag(name = "host", description = "Host controls of a running meeting"),
            @Tag(name = "admin", description = "All rooms, for administrators"),
            @Tag(name = "keys", description = "Public keys of room tokens")
        })
@SecurityScheme(securitySchemeName = "access-token", type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "auth-service access token")
public class OpenApiDefinition extends Application {
}
