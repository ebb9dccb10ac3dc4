package dev.convene.auth.service;

import static dev.convene.auth.support.Api.PASSWORD;
import static dev.convene.auth.support.Api.login;
import static dev.convene.auth.support.Api.newAccount;
import static dev.convene.auth.support.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convene.auth.support.Account;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bootstrap's rules, called directly (startup wiring: ProductionLikeDeploymentTest). */
@QuarkusTest
class AdminBootstrapTest {

    @Inject
    AdminBootstrap bootstrap;

    @Test
    void createsTheAdministrator() {
        String username = unique("First-Admin");

        bootstrap.ensureAdmin(username, Optional.of(username + "@Example.org"), Optional.of(PASSWORD));

        login(username.toLowerCase(), PASSWORD).then().statusCode(200)
                .body("user.groups", equalTo(List.of("user", "admin")))
                .body("user.email", equalTo(username.toLowerCase() + "@example.org"));
    }

    @Test
    void promotesAnExistingAccountWithoutTouchingItsPassword() {
        Account account = newAccount();

        bootstrap.ensureAdmin(account.username(), Optional.of("ignored@example.org"), Optional.of("other-Secret-Phrase-99"));

        login(account.username(), PASSWORD).then().statusCode(200).body("user.groups", equalTo(List.of("user", "admin")));
        // running again (every restart) changes nothing
        bootstrap.ensureAdmin(account.username(), Optional.empty(), Optional.empty());
        login(account.username(), PASSWORD).then().statusCode(200);
    }

    @Test
    void refusesIncompleteOrWeakConfigurationWithoutRevealingThePassword() {
        String username = unique("admin");
        String weak = "password123";

        IllegalStateException noEmail = assertThrows(IllegalStateException.class,
                () -> bootstrap.ensureAdmin(username, Optional.empty(), Optional.of(PASSWORD)));
        assertTrue(noEmail.getMessage().contains("convene.admin.bootstrap.email"));
        IllegalStateException noPassword = assertThrows(IllegalStateException.class,
                () -> bootstrap.ensureAdmin(username, Optional.of(username + "@example.org"), Optional.empty()));
        assertTrue(noPassword.getMessage().contains("convene.admin.bootstrap.password"));
        IllegalStateException weakPassword = assertThrows(IllegalStateException.class,
                () -> bootstrap.ensureAdmin(username, Optional.of(username + "@example.org"), Optional.of(weak)));
        assertTrue(weakPassword.getMessage().contains("common"), weakPassword.getMessage());
        assertFalse(weakPassword.getMessage().contains(weak));
        assertThrows(IllegalStateException.class,
                () -> bootstrap.ensureAdmin("bad name!", Optional.of("x@example.org"), Optional.of(PASSWORD)));

        login(username, weak).then().statusCode(401);
    }
}
