package dev.convene.auth.rest;

import static dev.convene.auth.support.Api.PASSWORD;
import static dev.convene.auth.support.Api.client;
import static dev.convene.auth.support.Api.signup;
import static dev.convene.auth.support.Api.unique;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
class SignupTest {

    @Test
    void signupCreatesTheAccountAndLogsIn() {
        String username = unique("Signup.User");
        Response response = signup(username, username.toUpperCase() + "@Example.ORG", "  Alice Liddell ", PASSWORD);

        response.then().statusCode(201)
                .header("Cache-Control", "no-store")
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(900))
                .body("accessToken", notNullValue())
                .body("user.id", notNullValue())
                .body("user.username", equalTo(username.toLowerCase()))
                .body("user.email", equalTo(username.toLowerCase() + "@example.org"))
                .body("user.displayName", equalTo("Alice Liddell"))
                .body("user.groups", equalTo(List.of("user")))
                .body("user", not(hasKey("password")))
                .body("user", not(hasKey("passwordHash")));
        String setCookie = response.getHeader("Set-Cookie");
        assertTrue(setCookie.startsWith("convene_refresh="), setCookie);
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertTrue(setCookie.contains("Path=/api/auth"), setCookie);
        assertTrue(setCookie.matches(".*Max-Age=\\d{6,}.*"), "lives for days: " + setCookie);
        assertTrue(!setCookie.contains("Secure"), "the test profile runs on http: " + setCookie);
    }

    @Test
    void usernamesAndEmailsAreUniqueCaseInsensitively() {
        String username = unique("taken");
        signup(username, username + "@example.org", "First", PASSWORD).then().statusCode(201);

        signup(username.toUpperCase(), unique("other") + "@example.org", "Second", PASSWORD)
                .then().statusCode(409).body("code", equalTo("username_taken"));
        signup(unique("other"), username.toUpperCase() + "@EXAMPLE.org", "Third", PASSWORD)
                .then().statusCode(409).body("code", equalTo("email_taken"));
    }

    @ParameterizedTest(name = "{0} = ''{1}'' is refused")
    @CsvSource(delimiter = '|', value = {
        "username    | ab",
        "username    | has space",
        "username    | at@sign",
        "username    | abcdefghijklmnopqrstuvwxyz0123456",
        "email       | not-an-email",
        "displayName | ''",
        "displayName | '   '",
        "displayName | abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklm",
    })
    void invalidFieldsAreReportedByName(String field, String value) {
        Map<String, Object> body = validBody();
        body.put(field, value);
        client().body(body).post("/api/auth/signup")
                .then().statusCode(400)
                .body("code", equalTo("validation_failed"))
                .body("fields", aMapWithSize(1))
                .body("fields." + field, notNullValue());
    }

    @Test
    void controlCharactersAndOversizeEmailsAreRefused() {
        Map<String, Object> body = validBody();
        body.put("displayName", "bell\u0007name");
        client().body(body).post("/api/auth/signup")
                .then().statusCode(400).body("fields.displayName", notNullValue());

        body = validBody();
        body.put("email", "a".repeat(250) + "@example.org");
        client().body(body).post("/api/auth/signup")
                .then().statusCode(400).body("fields.email", notNullValue());
    }

    @Test
    void missingFieldsAreAllReported() {
        client().body("{}").post("/api/auth/signup")
                .then().statusCode(400)
                .body("code", equalTo("validation_failed"))
                .body("fields", hasKey("username"))
                .body("fields", hasKey("email"))
                .body("fields", hasKey("displayName"))
                .body("fields", hasKey("password"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "too short                | Sh0rt-pw!              | at least 10",
        "the username             | {username}-2024!x      | username",
        "the email's local part   | x9-{mailbox}-x9        | email",
        "a common password        | password123            | common",
        "a common password, case  | QwertyUiop             | common",
        "only spaces              | '            '         | spaces",
    })
    void passwordPolicyIsEnforced(String description, String password, String expected) {
        String username = unique("policy");
        String mailbox = unique("mailbox");
        Map<String, Object> body = validBody();
        body.put("username", username);
        body.put("email", mailbox + "@example.org");
        body.put("password", password.replace("{username}", username).replace("{mailbox}", mailbox));
        client().body(body).post("/api/auth/signup")
                .then().statusCode(400)
                .body("code", equalTo("validation_failed"))
                .body("fields.password", containsString(expected));
    }

    @Test
    void passwordsLongerThan128CharactersAreRefused() {
        Map<String, Object> body = validBody();
        body.put("password", "long-pass-".repeat(13));
        client().body(body).post("/api/auth/signup")
                .then().statusCode(400).body("fields.password", containsString("at most 128"));
    }

    @Test
    void malformedJsonIsRefused() {
        client().body("{\"username\": \"abc\", ").post("/api/auth/signup")
                .then().statusCode(400).body("code", equalTo("malformed_request"))
                .body(not(containsString("Exception")));
    }

    @Test
    void wrongTypesAreRefused() {
        Map<String, Object> body = validBody();
        body.put("username", List.of("not", "a", "string"));
        client().body(body).post("/api/auth/signup")
                .then().statusCode(400).body("code", equalTo("malformed_request"));
    }

    @Test
    void anEmptyBodyIsRefused() {
        client().post("/api/auth/signup")
                .then().statusCode(400).body("code", equalTo("validation_failed"));
    }

    @Test
    void otherMediaTypesAreRefused() {
        client().contentType(ContentType.TEXT).body("username=abc").post("/api/auth/signup")
                .then().statusCode(415).body("code", equalTo("unsupported_media_type"));
    }

    @Test
    void bodiesOver64KilobytesAreRefused() {
        Map<String, Object> body = validBody();
        body.put("displayName", "x".repeat(70_000));
        client().body(body).post("/api/auth/signup")
                .then().statusCode(413).body("code", equalTo("payload_too_large"));
    }

    private static Map<String, Object> validBody() {
        String username = unique("valid");
        Map<String, Object> body = new HashMap<>();
        body.put("username", username);
        body.put("email", username + "@example.org");
        body.put("displayName", "Valid Name");
        body.put("password", PASSWORD);
        return body;
    }
}
