package dev.convene.webui.spa;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.convene.webui.proxy.UpstreamStandIns;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Static client, history fallback and the operational endpoints (same app as ProxyRoutingTest). */
@QuarkusTest
@WithTestResource(value = UpstreamStandIns.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SpaFallbackTest {

    private static String indexHtml() {
        return given().when().get("/")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Cache-Control", "no-cache")
                .header("X-Content-Type-Options", "nosniff")
                .extract().asString();
    }

    @Test
    void rootServesTheBuiltClient() {
        String html = indexHtml();
        assertTrue(html.contains("<div id=\"app\"></div>"), html);
        assertTrue(html.contains("/assets/"), "Vite build output expected: " + html);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/m/abc-defg-hij", "/m/abc-defg-hij/", "/login", "/reset-password", "/admin/users/42" })
    void clientRoutesServeIndexHtml(String path) {
        String body = given().urlEncodingEnabled(false).when().get(path)
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Cache-Control", "no-cache")
                .extract().asString();
        assertEquals(indexHtml(), body);
    }

    @Test
    void meetingLinkWithQueryStillServesIndexHtml() {
        given().when().get("/m/abc-defg-hij?passcode=1234")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<div id=\"app\"></div>"));
    }

    @Test
    void headOnAClientRouteIsAnsweredToo() {
        given().when().head("/m/abc-defg-hij").then().statusCode(200).header("Cache-Control", "no-cache");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/assets/nope.js", "/assets/nope.css", "/nope.txt", "/m/abc/favicon.ico" })
    void unknownFilesAre404NotIndexHtml(String path) {
        String body = given().when().get(path).then().statusCode(404).extract().asString();
        assertTrue(!body.contains("<div id=\"app\">"), "404 must not be the client page");
    }

    @Test
    void realAssetsAreServedAndCachedForever() {
        Matcher m = Pattern.compile("/assets/index-[^\"]+\\.js").matcher(indexHtml());
        assertTrue(m.find(), "index.html references its bundle");
        given().when().get(m.group())
                .then().statusCode(200)
                .contentType(containsString("javascript"))
                .header("Cache-Control", "public, max-age=31536000, immutable");
        given().when().get("/favicon.svg").then().statusCode(200).contentType(containsString("svg"));
    }

    @Test
    void readinessIsUpWithTheClientBundle() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("client-bundle"));
    }

    @Test
    void metricsAndOpenApiAreExposed() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
        given().when().get("/q/openapi").then().statusCode(200);
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
