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

    private final String serviceName;
    private final String statusPath;
    private final String unknownPath;
    private final String[] requiredChecks;

    /**
     * @param serviceName    e.g. "auth-service"
     * @param statusPath     the public readiness path, e.g. "/api/auth/status"
     * @param unknownPath    a path under the service's public prefix that does not exist
     * @param requiredChecks readiness checks that must be present and UP,
     *                       e.g. "Database connections health check"
     */
    protected PlatformContractTest(String serviceName, String statusPath, String unknownPath, String... requiredChecks) {
        this.serviceName = serviceName;
        this.statusPath = statusPath;
        this.unknownPath = unknownPath;
        this.requiredChecks = requiredChecks;
    }

    protected static final String DATABASE = "Database connections health check";
    protected static final String REDIS = "Redis connection health check";

    @Test
    void publicStatusReportsEveryDependencyUp() {
        given().when().get(statusPath)
                .then().statusCode(200)
                .header("Content-Type", containsString("application/json"))
                .body("service", equalTo(serviceName))
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems(requiredChecks))
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
        given().when().get(statusPath).then().statusCode(200); // at least one recorded request
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
                .body("info.title", containsString(serviceName));
    }

    @Test
    void unknownPathIsAJsonErrorNotAStackTrace() {
        given().accept("application/json").when().get(unknownPath)
                .then().statusCode(404)
                .body("code", equalTo("not_found"))
                .body(not(containsString("Exception")));
    }
}
