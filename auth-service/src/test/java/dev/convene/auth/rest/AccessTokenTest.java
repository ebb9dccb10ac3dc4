package dev.convene.auth.rest;

import static dev.convene.auth.support.Api.newAccount;
import static dev.convene.auth.support.Api.refresh;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.convene.auth.support.Account;
import dev.convene.auth.support.Jose;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issued access tokens, checked with Nimbus against the JWKS served over HTTP. */
@QuarkusTest
class AccessTokenTest {

    @Test
    void theJwksPublishesRsaSigningKeysNamedByTheirThumbprint() throws Exception {
        given().get("/api/auth/jwks").then().statusCode(200)
                .header("Content-Type", containsString("application/json"))
                .header("Cache-Control", containsString("max-age"));
        JWKSet jwks = Jose.fetchJwks();

        assertFalse(jwks.getKeys().isEmpty());
        for (JWK key : jwks.getKeys()) {
            RSAKey rsa = key.toRSAKey();
            assertEquals(JWSAlgorithm.RS256, rsa.getAlgorithm());
            assertEquals("sig", rsa.getKeyUse().identifier());
            assertEquals(rsa.computeThumbprint().toString(), rsa.getKeyID(), "kid = RFC 7638 thumbprint");
            assertFalse(rsa.isPrivate(), "no private key material in the JWKS");
            assertTrue(rsa.size() >= 2048);
        }
    }

    @Test
    void aUsersAccessTokenVerifiesAndCarriesTheAgreedClaims() throws Exception {
        Account account = newAccount();

        JWTClaimsSet claims = Jose.verify(account.accessToken());

        SignedJWT jwt = SignedJWT.parse(account.accessToken());
        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());
        assertEquals(JOSEObjectType.JWT, jwt.getHeader().getType());
        assertEquals(Jose.fetchJwks().getKeys().get(0).getKeyID(), jwt.getHeader().getKeyID(), "signed by the current key");
        assertEquals("convene-auth", claims.getIssuer());
        assertEquals(account.id().toString(), claims.getSubject());
        assertEquals(account.username(), claims.getStringClaim("upn"));
        assertEquals("User " + account.username(), claims.getStringClaim("name"));
        assertEquals(List.of("user"), claims.getStringListClaim("groups"));
        assertNotNull(claims.getJWTID());
        assertNotNull(claims.getStringClaim("sid"));
        Duration lifetime = Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant());
        assertEquals(Duration.ofMinutes(15), lifetime);
        assertTrue(claims.getIssueTime().toInstant().isAfter(Instant.now().minusSeconds(60)));
    }

    @Test
    void everyTokenHasItsOwnId() throws Exception {
        Account account = newAccount();
        String refreshed = refresh(account.refreshToken()).path("accessToken");

        assertNotEquals(Jose.verify(account.accessToken()).getJWTID(), Jose.verify(refreshed).getJWTID());
    }
}
