package dev.convene.auth.deployment;

import static dev.convene.auth.support.Api.as;
import static dev.convene.auth.support.Api.login;
import static dev.convene.auth.support.Api.newAccount;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.convene.auth.config.TokenConfig;
import dev.convene.auth.security.AccessTokenIssuer;
import dev.convene.auth.security.SigningKeys;
import dev.convene.auth.support.Account;
import dev.convene.auth.support.Jose;
import dev.convene.auth.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Key rotation, admin bootstrap at startup and Secure cookies (see {@link ProductionLikeProfile}). */
@QuarkusTest
@TestProfile(ProductionLikeProfile.class)
class ProductionLikeDeploymentTest {

    @ConfigProperty(name = "convene.secrets-dir")
    String secretsDir;

    @Inject
    TokenConfig tokenConfig;

    @Inject
    TestData data;

    @Test
    void theJwksPublishesTheNewKeyFirstAndStillThePreviousOne() throws Exception {
        List<String> kids = Jose.fetchJwks().getKeys().stream().map(JWK::getKeyID).toList();

        assertEquals(List.of(thumbprint(newPublicKeyPem()), thumbprint(previousPublicKeyPem())), kids);
    }

    @Test
    void newTokensAreSignedWithTheNewKey() throws Exception {
        Account account = newAccount();

        assertEquals(thumbprint(newPublicKeyPem()), Jose.kidOf(account.accessToken()));
        assertEquals(account.id().toString(), Jose.verify(account.accessToken()).getSubject());
    }

    @Test
    void tokensSignedBeforeTheRotationStillVerifyAndWork() throws Exception {
        Account account = newAccount();
        // what the deployment before the rotation issued: the same issuer with the previous key ring
        AccessTokenIssuer previousDeployment = new AccessTokenIssuer(
                SigningKeys.load(Path.of(secretsDir, "auth-jwt-private.pem"), List.of()), tokenConfig);
        String oldToken = previousDeployment.forUser(data.user(account.id()), data.sessionOf(account.refreshToken()))
                .value();

        assertEquals(thumbprint(previousPublicKeyPem()), Jose.kidOf(oldToken));
        JWTClaimsSet claims = Jose.verify(oldToken);
        assertEquals(account.id().toString(), claims.getSubject());
        as(oldToken).get("/api/auth/me").then().statusCode(200).body("username", equalTo(account.username()));
    }

    @Test
    void theConfiguredAdministratorExistsFromTheStart() {
        String token = login(ProductionLikeProfile.ADMIN_USERNAME, ProductionLikeProfile.ADMIN_PASSWORD)
                .then().statusCode(200)
                .body("user.groups", equalTo(List.of("user", "admin")))
                .extract().path("accessToken");

        as(token).get("/api/admin/users").then().statusCode(200);
    }

    @Test
    void theRefreshCookieIsSecure() {
        newAccount();
        login(ProductionLikeProfile.ADMIN_USERNAME, ProductionLikeProfile.ADMIN_PASSWORD)
                .then().statusCode(200)
                .header("Set-Cookie", containsString(";Secure"))
                .header("Set-Cookie", containsString("HttpOnly"))
                .header("Set-Cookie", containsString("SameSite=Strict"));
    }

    private String previousPublicKeyPem() throws Exception {
        return Files.readString(Path.of(secretsDir, "auth-jwt-public.pem"));
    }

    /** The public half of the generated key, derived with the JDK alone. */
    private static String newPublicKeyPem() throws Exception {
        String pem = Files.readString(ProductionLikeProfile.NEW_SIGNING_KEY);
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(der(pem)));
        PublicKey publicKey = KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(publicKey.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** Computed by Nimbus (and the JDK's PEM decoding), not by the service. */
    private static String thumbprint(String publicKeyPem) throws Exception {
        RSAPublicKey key = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(publicKeyPem)));
        return new RSAKey.Builder(key).build().computeThumbprint().toString();
    }

    private static byte[] der(String pem) {
        return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
    }
}
