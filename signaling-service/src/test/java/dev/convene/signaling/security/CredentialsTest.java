package dev.convene.signaling.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Pure logic: the TURN REST HMAC and resume credentials. */
class CredentialsTest {

    @Test
    void turnCredentialIsBase64HmacSha1OfTheUsername() {
        // echo -n "1700000000:alice" | openssl dgst -sha1 -hmac secret -binary | base64
        assertEquals("d8soP47RbdIKLDUOpnJPVQyq5Ts=", TurnCredentials.sign("secret", "1700000000:alice"));
    }

    @Test
    void resumeCredentialIsBoundToRoomParticipantAndUser() {
        ResumeCredentials credentials = new ResumeCredentials("k");
        String credential = credentials.issue("abc-defg-hij", "p-1", "u-1");
        assertEquals("p-1", credentials.verify(credential, "abc-defg-hij", "u-1"));
        assertNull(credentials.verify(credential, "abc-defg-hix", "u-1"), "another room");
        assertNull(credentials.verify(credential, "abc-defg-hij", "u-2"), "another user");
        assertNull(credentials.verify("p-2" + credential.substring(3), "abc-defg-hij", "u-1"), "another participant");
        assertNull(new ResumeCredentials("other").verify(credential, "abc-defg-hij", "u-1"), "another key");
        assertNull(credentials.verify("garbage", "abc-defg-hij", "u-1"));
        assertNull(credentials.verify(null, "abc-defg-hij", "u-1"));
    }
}
