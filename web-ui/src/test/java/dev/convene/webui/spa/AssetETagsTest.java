package dev.convene.webui.spa;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.convene.webui.proxy.UpstreamStandIns;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** ETags of the built client's hashed assets (the emoji picker's data among them). */
@QuarkusTest
@WithTestResource(value = UpstreamStandIns.class, scope = TestResourceScope.MATCHING_RESOURCES)
class AssetETagsTest {

    /** The first hashed script the page loads (always present in a build). */
    private static String someAsset() {
        String html = given().when().get("/").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("/assets/[^\"]+-[A-Za-z0-9_-]{8}\\.js").matcher(html);
        assertTrue(m.find(), html);
        return m.group();
    }

    @Test
    void aHashedAssetCarriesItsHashAsETagAndARevalidationGets304() {
        String asset = someAsset();
        String etag = AssetETags.etagOf(asset);
        given().when().get(asset).then().statusCode(200).header("ETag", equalTo(etag))
                .header("Cache-Control", "public, max-age=31536000, immutable");
        given().when().head(asset).then().statusCode(200).header("ETag", equalTo(etag));
        given().header("If-None-Match", etag).when().get(asset).then().statusCode(304).header("ETag", equalTo(etag))
                .body(emptyString());
        given().header("If-None-Match", "\"other123\", W/" + etag).when().get(asset).then().statusCode(304);
        given().header("If-None-Match", "\"changed1\"").when().get(asset).then().statusCode(200).header("ETag", equalTo(etag));
    }

    @Test
    void noETagForWhatDoesNotExistOrIsNotHashed() {
        given().when().get("/assets/missing-AbCdEfGh.js").then().statusCode(404).header("ETag", nullValue());
        given().header("If-None-Match", "*").when().get("/assets/missing-AbCdEfGh.js").then().statusCode(404);
        given().when().get("/").then().statusCode(200).header("ETag", nullValue());
    }

    @Test
    void onlyViteHashedNamesHaveOne() {
        assertEquals("\"3ehSCUzM\"", AssetETags.etagOf("/assets/data-3ehSCUzM.json"));
        assertEquals("\"BF1r6TM-\"", AssetETags.etagOf("/assets/data-BF1r6TM-.json"));
        assertNull(AssetETags.etagOf("/assets/logo.svg"));
        assertNull(AssetETags.etagOf("/index.html"));
        assertNull(AssetETags.etagOf("/assets/a/b-AbCdEfGh.js"));
        assertFalse(AssetETags.matches("*", "\"x\""));
        assertFalse(AssetETags.matches("\"y\"", "\"x\""));
    }
}
