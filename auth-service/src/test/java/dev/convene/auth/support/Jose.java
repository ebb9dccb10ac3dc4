package dev.convene.auth.support;

import static io.restassured.RestAssured.given;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.security.interfaces.RSAPrivateKey;
import java.text.ParseException;
import java.util.Set;

/**
 * Token verification the way another service does it, with an independent JOSE library
 * (Nimbus), against the JWK Set fetched over HTTP — none of the service's own code.
 */
public final class Jose {

    private Jose() {
    }

    public static JWKSet fetchJwks() {
        String json = given().accept("application/json").get("/api/auth/jwks")
                .then().statusCode(200).extract().asString();
        try {
            return JWKSet.parse(json);
        } catch (ParseException e) {
            throw new AssertionError("JWKS is not a JWK Set: " + json, e);
        }
    }

    /** Verifies signature (RS256, key chosen by kid), issuer, and the presence of the standard claims. */
    public static JWTClaimsSet verify(String token) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(fetchJwks())));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer("convene-auth").build(),
                Set.of("sub", "iat", "exp", "jti", "groups", "name")));
        return processor.process(token, null);
    }

    public static String kidOf(String token) throws ParseException {
        return SignedJWT.parse(token).getHeader().getKeyID();
    }

    /** Signs arbitrary claims, to present tokens the service must refuse. */
    public static String sign(JWTClaimsSet claims, RSAPrivateKey key, String kid) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
