package dev.convene.auth.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    private static final CommonPasswords COMMON = CommonPasswords.load();
    private final PasswordPolicy policy = new PasswordPolicy(COMMON);

    @Test
    void theCommonListIsTheFullZxcvbnList() {
        assertTrue(COMMON.size() > 29_000, "size " + COMMON.size());
        assertTrue(COMMON.contains("1234567890"));
        assertTrue(COMMON.contains("PASSWORD123"), "compared case-insensitively");
    }

    @Test
    void acceptsAReasonablePassword() {
        assertEquals(Optional.empty(), policy.problem("violet-Harbour-47-lantern", "alice", "alice@example.org"));
    }

    @Test
    void lengthIsCountedInCharactersNotUtf16Units() {
        // 9 emoji = 18 UTF-16 units, still too short; 10 are enough
        assertTrue(policy.problem("🙂".repeat(9), "alice", "alice@example.org").isPresent());
        assertEquals(Optional.empty(), policy.problem("🙂".repeat(10), "alice", "alice@example.org"));
        assertTrue(policy.problem("🙂".repeat(129), "alice", "alice@example.org").orElseThrow().contains("at most 128"));
    }

    @Test
    void refusesPasswordsContainingTheUsernameOrTheEmailLocalPart() {
        assertTrue(policy.problem("xx-ALICE-xx-2024", "alice", "wonder@example.org").orElseThrow().contains("username"));
        assertTrue(policy.problem("my-wonder-land-9", "alice", "wonder@example.org").orElseThrow().contains("email"));
        // too short a name to matter
        assertEquals(Optional.empty(), policy.problem("bo-violet-Harbour-47", "bo", "bo@example.org"));
    }

    @Test
    void refusesCommonPasswordsInAnyCase() {
        assertTrue(policy.problem("QWERTYUIOP", "alice", "alice@example.org").orElseThrow().contains("common"));
        assertTrue(policy.problem("iloveyou12", "alice", "alice@example.org").orElseThrow().contains("common"));
    }
}
