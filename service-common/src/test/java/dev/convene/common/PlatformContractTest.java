package dev.convene.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.api.Test;

/**
 * What every Convene service promises to operators and to the client, run by each service
 * against its real dependencies (subclass it with {@code @QuarkusTest}).
 */
public abstract class PlatformContractTest {

    /** e.g. "auth-service" */
    protected abstract String serviceName();

    /** the public readiness path, e.g. "/api/auth/status" */
    protected abstract String statusPath();

    /** readiness checks that must be present and UP, e.g. "Database connections health check" */
    protected abstract String[] requiredChecks();

    /** a path under the service's public prefix that does not exist */
    protected abstract String unknownPath();

    @Test
    void publicStatusReportsEveryDependencyUp() {
        given().when().get(statusPath())
                .then().statusCode(200)
                .header("Content-Type", containsString("application/json"))
                .body("service", equalTo(serviceName()))
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(requiredChecks()))
                .body("checks.status", everyItem(equalTo("UP")))
                .body(not(containsString("data")));
    }

    @Test
    void readinessAndLivenessAreUp() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void prometheusMetricsAreExposed() {
        given().when().get(statusPath()).then().statusCode(200); // at least one recorded request
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("http_server_requests_seconds"));
    }

    @Test
    void openApiDocumentNamesTheService() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("openapi", containsString("3."))
                .body("info.title", containsString(serviceName()));
    }

    @Test
    void unknownPathIsAJsonErrorNotAStackTrace() {
        given().accept("application/json").when().get(unknownPath())
                .then().statusCode(404)
                .body("code", equalTo("not_found"))
                .body(not(containsString("Exception")));
    }
}
