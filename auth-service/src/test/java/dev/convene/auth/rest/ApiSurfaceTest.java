package dev.convene.auth.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The published OpenAPI document, JSON errors for requests no endpoint accepts, readiness. */
@QuarkusTest
class ApiSurfaceTest {

    @Test
    void everyEndpointIsDocumentedAndProtectedOnesNameTheBearerScheme() {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();

        Map<String, List<String>> expected = Map.ofEntries(
                Map.entry("/api/auth/signup", List.of("post")),
                Map.entry("/api/auth/login", List.of("post")),
                Map.entry("/api/auth/refresh", List.of("post")),
                Map.entry("/api/auth/logout", List.of("post")),
                Map.entry("/api/auth/logout-all", List.of("post")),
                Map.entry("/api/auth/guest", List.of("post")),
                Map.entry("/api/auth/guest/renew", List.of("post")),
                Map.entry("/api/auth/jwks", List.of("get")),
                Map.entry("/api/auth/me", List.of("get", "patch")),
                Map.entry("/api/auth/me/password", List.of("post")),
                Map.entry("/api/auth/password/forgot", List.of("post")),
                Map.entry("/api/auth/password/reset", List.of("post")),
                Map.entry("/api/admin/users", List.of("get")),
                Map.entry("/api/admin/users/{id}", List.of("get", "delete")),
                Map.entry("/api/admin/users/{id}/disable", List.of("post")),
                Map.entry("/api/admin/users/{id}/enable", List.of("post")),
                Map.entry("/api/admin/users/{id}/admin", List.of("put", "delete")));
        expected.forEach((path, methods) -> methods.forEach(method -> {
            Map<String, Object> operation = doc.getMap("paths.'" + path + "'." + method);
            assertNotNull(operation, method + " " + path);
            assertNotNull(operation.get("summary"), "summary of " + method + " " + path);
        }));
        assertNotNull(doc.get("paths.'/api/auth/me'.get.security"));
        assertNotNull(doc.get("paths.'/api/admin/users'.get.security"));
        assertNull(doc.get("paths.'/api/auth/login'.post.security"));
        given().queryParam("format", "json").get("/q/openapi").then()
                .body("components.securitySchemes.SecurityScheme.scheme", equalTo("bearer"))
                .body("components.securitySchemes.SecurityScheme.bearerFormat", equalTo("JWT"));
    }

    @Test
    void aWrongMethodIsAJsonError() {
        given().accept("application/json").get("/api/auth/login")
                .then().statusCode(405).body("code", equalTo("method_not_allowed"));
        given().accept("application/json").delete("/api/auth/jwks")
                .then().statusCode(405).body("code", equalTo("method_not_allowed"));
    }

    @Test
    void readinessIncludesRedis() {
        given().get("/api/auth/status").then().statusCode(200)
                .body("checks.name", hasItem("Redis connection health check"));
    }
}
