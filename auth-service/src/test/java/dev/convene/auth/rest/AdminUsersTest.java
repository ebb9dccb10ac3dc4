package dev.convene.auth.rest;

import static dev.convene.auth.support.Api.PASSWORD;
import static dev.convene.auth.support.Api.as;
import static dev.convene.auth.support.Api.client;
import static dev.convene.auth.support.Api.login;
import static dev.convene.auth.support.Api.newAccount;
import static dev.convene.auth.support.Api.refresh;
import static dev.convene.auth.support.Api.signup;
import static dev.convene.auth.support.Api.unique;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.convene.auth.support.Account;
import dev.convene.auth.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdminUsersTest {

    @Inject
    TestData data;

    private Account admin;

    @BeforeEach
    void newAdmin() {
        admin = data.newAdmin();
    }

    @Test
    void onlyAdministratorsGetIn() {
        Account user = newAccount();
        String guest = client().body(Map.of("displayName", "Guest")).post("/api/auth/guest").path("accessToken");
        List<String> paths = List.of("/api/admin/users", "/api/admin/users/" + user.id());

        for (String path : paths) {
            client().get(path).then().statusCode(401).body("code", equalTo("unauthorized"));
            as(user.accessToken()).get(path).then().statusCode(403).body("code", equalTo("forbidden"));
            as(guest).get(path).then().statusCode(403).body("code", equalTo("forbidden"));
        }
        as(user.accessToken()).post("/api/admin/users/" + admin.id() + "/disable").then().statusCode(403);
        as(user.accessToken()).put("/api/admin/users/" + user.id() + "/admin").then().statusCode(403);
        as(user.accessToken()).delete("/api/admin/users/" + admin.id()).then().statusCode(403);
        login(admin.username(), PASSWORD).then().statusCode(200);
    }

    @Test
    void searchesPagesAndSorts() {
        String tag = unique("Tag");
        for (String name : List.of("c", "a", "b")) {
            String username = unique(name + "-srch");
            signup(username, username + "@example.org", tag + " " + name, PASSWORD).then().statusCode(201);
        }

        as(admin.accessToken()).queryParam("q", tag.toUpperCase()).queryParam("sort", "displayName")
                .get("/api/admin/users").then().statusCode(200)
                .body("total", equalTo(3))
                .body("page", equalTo(0))
                .body("size", equalTo(20))
                .body("items.displayName", contains(tag + " a", tag + " b", tag + " c"))
                .body("items[0].status", equalTo("active"))
                .body("items[0].groups", equalTo(List.of("user")))
                .body("items[0]", not(hasKey("passwordHash")));
        as(admin.accessToken()).queryParam("q", tag).queryParam("sort", "-displayName").queryParam("size", 2)
                .queryParam("page", 1).get("/api/admin/users").then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.displayName", contains(tag + " a"));
        // LIKE wildcards are matched literally
        as(admin.accessToken()).queryParam("q", tag.substring(0, 3) + "%" + tag.substring(4)).get("/api/admin/users")
                .then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void badListParametersAreValidationErrors() {
        Map<String, Object> cases = Map.of("page", -1, "size", 0, "sort", "passwordHash", "status", "bogus",
                "q", "x".repeat(101));
        cases.forEach((name, value) -> as(admin.accessToken()).queryParam(name, value).get("/api/admin/users")
                .then().statusCode(400).body("code", equalTo("validation_failed")).body("fields", hasKey(name)));
        Map<String, Object> notNumbers = Map.of("page", "abc", "size", "1.5");
        notNumbers.forEach((name, value) -> as(admin.accessToken()).queryParam(name, value).get("/api/admin/users")
                .then().statusCode(400).body("code", equalTo("validation_failed")).body("fields", hasKey(name)));
        as(admin.accessToken()).queryParam("size", 101).get("/api/admin/users")
                .then().statusCode(400).body("fields", hasKey("size"));
        as(admin.accessToken()).queryParam("page", "99999999999").get("/api/admin/users")
                .then().statusCode(400).body("fields", hasKey("page"));
    }

    @Test
    void getsOneAccount() {
        Account user = newAccount();

        as(admin.accessToken()).get("/api/admin/users/" + user.id()).then().statusCode(200)
                .body("username", equalTo(user.username()))
                .body("email", equalTo(user.email()))
                .body("status", equalTo("active"));
        as(admin.accessToken()).get("/api/admin/users/" + UUID.randomUUID()).then().statusCode(404)
                .body("code", equalTo("user_not_found"));
        as(admin.accessToken()).get("/api/admin/users/not-a-uuid").then().statusCode(404)
                .body("code", equalTo("not_found"));
    }

    @Test
    void disablingEndsSessionsAndLoginsUntilEnabled() {
        Account user = newAccount();

        as(admin.accessToken()).post("/api/admin/users/" + user.id() + "/disable").then().statusCode(200)
                .body("status", equalTo("disabled"));
        refresh(user.refreshToken()).then().statusCode(401);
        login(user.username(), PASSWORD).then().statusCode(403).body("code", equalTo("account_disabled"));
        // the access token is still well-formed and unexpired, but the account is checked
        as(user.accessToken()).get("/api/auth/me").then().statusCode(403).body("code", equalTo("account_disabled"));

        as(admin.accessToken()).post("/api/admin/users/" + user.id() + "/enable").then().statusCode(200)
                .body("status", equalTo("active"));
        login(user.username(), PASSWORD).then().statusCode(200);
        as(admin.accessToken()).queryParam("status", "disabled").queryParam("q", user.username())
                .get("/api/admin/users").then().body("total", equalTo(0));
    }

    @Test
    void grantsAndRevokesAdministratorRights() {
        Account user = newAccount();

        as(admin.accessToken()).put("/api/admin/users/" + user.id() + "/admin").then().statusCode(200)
                .body("groups", equalTo(List.of("user", "admin")));
        String adminToken = login(user.username(), PASSWORD).path("accessToken");
        as(adminToken).get("/api/admin/users").then().statusCode(200);

        as(admin.accessToken()).delete("/api/admin/users/" + user.id() + "/admin").then().statusCode(200)
                .body("groups", equalTo(List.of("user")));
        // the token still says admin, the account no longer does
        as(adminToken).get("/api/admin/users").then().statusCode(403).body("code", equalTo("forbidden"));
    }

    @Test
    void administratorsCannotDisableDeleteOrDemoteThemselves() {
        String self = "/api/admin/users/" + admin.id();
        as(admin.accessToken()).post(self + "/disable").then().statusCode(409).body("code", equalTo("self_modification"));
        as(admin.accessToken()).delete(self + "/admin").then().statusCode(409).body("code", equalTo("self_modification"));
        as(admin.accessToken()).delete(self).then().statusCode(409).body("code", equalTo("self_modification"));
        as(admin.accessToken()).get("/api/admin/users/" + admin.id()).then().statusCode(200)
                .body("status", equalTo("active")).body("groups", hasItem("admin"));
    }

    @Test
    void deletionAnonymisesTheAccount() {
        Account user = newAccount();

        as(admin.accessToken()).delete("/api/admin/users/" + user.id()).then().statusCode(204);

        as(admin.accessToken()).get("/api/admin/users/" + user.id()).then().statusCode(200)
                .body("status", equalTo("deleted"))
                .body("username", equalTo("deleted:" + user.id()))
                .body("email", nullValue())
                .body("displayName", equalTo("Deleted user"))
                .body("groups", equalTo(List.of("user")));
        login(user.username(), PASSWORD).then().statusCode(401).body("code", equalTo("invalid_credentials"));
        login("deleted:" + user.id(), PASSWORD).then().statusCode(401).body("code", equalTo("invalid_credentials"));
        refresh(user.refreshToken()).then().statusCode(401);
        as(user.accessToken()).get("/api/auth/me").then().statusCode(401).body("code", equalTo("account_gone"));
        // name and address are free again
        signup(user.username(), user.email(), "Someone else", PASSWORD).then().statusCode(201);

        as(admin.accessToken()).delete("/api/admin/users/" + user.id()).then().statusCode(204);
        as(admin.accessToken()).post("/api/admin/users/" + user.id() + "/enable").then().statusCode(409)
                .body("code", equalTo("user_deleted"));
        as(admin.accessToken()).queryParam("q", user.id().toString()).get("/api/admin/users")
                .then().body("total", equalTo(0));
        as(admin.accessToken()).queryParam("q", user.id().toString()).queryParam("status", "deleted")
                .get("/api/admin/users").then().body("total", equalTo(1));
    }

    @Test
    void changesToUnknownAccountsAreNotFound() {
        UUID nobody = UUID.randomUUID();
        as(admin.accessToken()).post("/api/admin/users/" + nobody + "/disable").then().statusCode(404)
                .body("code", equalTo("user_not_found"));
        as(admin.accessToken()).put("/api/admin/users/" + nobody + "/admin").then().statusCode(404);
        as(admin.accessToken()).delete("/api/admin/users/" + nobody).then().statusCode(404);
    }
}
