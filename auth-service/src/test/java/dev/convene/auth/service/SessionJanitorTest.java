package dev.convene.auth.service;

import static dev.convene.auth.support.Api.loginAgain;
import static dev.convene.auth.support.Api.newAccount;
import static dev.convene.auth.support.Api.refresh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convene.auth.support.Account;
import dev.convene.auth.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SessionJanitorTest {

    @Inject
    SessionJanitor janitor;

    @Inject
    TestData data;

    @Test
    void deletesSessionsThatEndedBeforeTheRetentionPeriod() {
        Account account = newAccount();
        Account live = loginAgain(account);
        Account endedRecently = loginAgain(account);
        refresh(account.refreshToken()).then().statusCode(200);
        UUID old = data.endSessionLongAgo(account.refreshToken(), Duration.ofDays(8));
        UUID recent = data.endSessionLongAgo(endedRecently.refreshToken(), Duration.ofDays(6));
        UUID current = data.sessionOf(live.refreshToken());
        assertEquals(2, data.refreshTokensOfSession(old));

        assertTrue(janitor.purge() >= 1);

        assertFalse(data.sessionExists(old));
        assertEquals(0, data.refreshTokensOfSession(old), "its tokens go with it");
        assertTrue(data.sessionExists(recent), "kept for the retention period");
        assertTrue(data.sessionExists(current));
        refresh(live.refreshToken()).then().statusCode(200);
    }
}
