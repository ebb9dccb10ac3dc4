package dev.convene.room;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes the public surface. */
@QuarkusTest
class ApiDocumentationTest {

    @Test
    void everyEndpointGroupIsDocumented() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/rooms"))
                .body("paths", hasKey("/api/rooms/{slug}/join"))
                .body("paths", hasKey("/api/rooms/{slug}/lobby/{requestId}"))
                .body("paths", hasKey("/api/rooms/{slug}/participants/{userId}"))
                .body("paths", hasKey("/api/rooms/jwks"))
                .body("paths", hasKey("/api/admin/rooms/{slug}/close"))
                .body("components.securitySchemes", hasKey("access-token"));
    }
}
