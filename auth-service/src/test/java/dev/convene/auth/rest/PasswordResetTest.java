package dev.convene.auth.rest;

import static dev.convene.auth.support.Api.PASSWORD;
import static dev.convene.auth.support.Api.client;
import static dev.convene.auth.support.Api.login;
import static dev.convene.auth.support.Api.newAccount;
import static dev.convene.auth.support.Api.refresh;
import static dev.convene.auth.support.Api.unique;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convene.auth.support.Account;
import dev.convene.auth.support.TestData;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PasswordResetTest {

    private static final Pattern LINK = Pattern.compile("(http://localhost:8080/reset-password\\?token=)([A-Za-z0-9_-]{43})");
    private static final String NEW_PASSWORD = "copper-Lighthouse-61-fern";

    @Inject
    MockMailbox mailbox;

    @Inject
    TestData data;

    @Test
    void forgotAnswersTheSameForUnknownAddressesAndMailsNothing() {
        String email = unique("nobody") + "@example.org";

        client().body(Map.of("email", email)).post("/api/auth/password/forgot").then().statusCode(202);

        // the known-address case below mails within milliseconds; give this one the same chance
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> mailbox.getMailsSentTo(email) == null || mailbox.getMailsSentTo(email).isEmpty());
    }

    @Test
    void aResetLinkSetsANewPasswordAndEndsEverySession() {
        Account account = newAccount();

        client().body(Map.of("email", account.email().toUpperCase())).post("/api/auth/password/forgot")
                .then().statusCode(202);
        Mail mail = awaitMail(account.email(), 1);
        assertEquals("Reset your Convene password", mail.getSubject());
        assertTrue(mail.getText().contains(account.username()));
        String token = tokenIn(mail);

        client().body(Map.of("token", token, "newPassword", NEW_PASSWORD)).post("/api/auth/password/reset")
                .then().statusCode(204);

        refresh(account.refreshToken()).then().statusCode(401);
        login(account.username(), PASSWORD).then().statusCode(401);
        login(account.username(), NEW_PASSWORD).then().statusCode(200);
        client().body(Map.of("token", token, "newPassword", "another-Good-Passphrase-7")).post("/api/auth/password/reset")
                .then().statusCode(400).body("code", equalTo("reset_token_used"));
    }

    @Test
    void onlyTheNewestLinkWorks() {
        Account account = newAccount();
        forgot(account.email());
        String first = tokenIn(awaitMail(account.email(), 1));
        forgot(account.email());
        String second = tokenIn(awaitMail(account.email(), 2));

        reset(first, NEW_PASSWORD).then().statusCode(400).body("code", equalTo("reset_token_used"));
        reset(second, NEW_PASSWORD).then().statusCode(204);
    }

    @Test
    void anExpiredLinkIsRefused() {
        Account account = newAccount();
        forgot(account.email());
        String token = tokenIn(awaitMail(account.email(), 1));
        data.expireResetToken(token);

        reset(token, NEW_PASSWORD).then().statusCode(400).body("code", equalTo("reset_token_expired"));
        login(account.username(), PASSWORD).then().statusCode(200);
    }

    @Test
    void aWeakPasswordLeavesTheLinkUsable() {
        Account account = newAccount();
        forgot(account.email());
        String token = tokenIn(awaitMail(account.email(), 1));

        reset(token, "qwertyuiop").then().statusCode(400)
                .body("code", equalTo("validation_failed")).body("fields", hasKey("newPassword"));
        reset(token, NEW_PASSWORD).then().statusCode(204);
    }

    @Test
    void unknownTokensAndBadRequestsAreRefused() {
        reset("A".repeat(43), NEW_PASSWORD).then().statusCode(400).body("code", equalTo("reset_token_invalid"));
        reset("x".repeat(129), NEW_PASSWORD).then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("fields", hasKey("token"));
        client().body(Map.of("newPassword", NEW_PASSWORD)).post("/api/auth/password/reset")
                .then().statusCode(400).body("fields", hasKey("token"));
        client().body(Map.of("email", "not-an-address")).post("/api/auth/password/forgot")
                .then().statusCode(400).body("code", equalTo("validation_failed")).body("fields", hasKey("email"));
        client().body("{}").post("/api/auth/password/forgot").then().statusCode(400).body("fields", hasKey("email"));
        client().body("{\"email\": ").post("/api/auth/password/forgot")
                .then().statusCode(400).body("code", equalTo("malformed_request"));
    }

    @Test
    void mailsToOneAddressAreCapped() {
        Account account = newAccount();
        for (int i = 0; i < 5; i++) {
            forgot(account.email());
        }
        awaitMail(account.email(), 3);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> mailbox.getMailsSentTo(account.email()).size() == 3);
    }

    private static void forgot(String email) {
        client().body(Map.of("email", email)).post("/api/auth/password/forgot").then().statusCode(202);
    }

    private static Response reset(String token, String password) {
        return client().body(Map.of("token", token, "newPassword", password)).post("/api/auth/password/reset");
    }

    /** The {@code count}-th mail to the address (mails are sent asynchronously). */
    private Mail awaitMail(String email, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<Mail> mails = mailbox.getMailsSentTo(email);
            return mails != null && mails.size() >= count;
        });
        return mailbox.getMailsSentTo(email).get(count - 1);
    }

    private static String tokenIn(Mail mail) {
        Matcher link = LINK.matcher(mail.getText());
        assertTrue(link.find(), "reset link in: " + mail.getText());
        return link.group(2);
    }
}
