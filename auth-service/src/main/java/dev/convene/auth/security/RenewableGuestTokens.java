package dev.convene.auth.security;

import dev.convene.auth.config.TokenConfig;
import dev.convene.auth.entity.UserAccount;
import dev.convene.common.error.ApiException;
import dev.convene.common.error.ErrorCodes;
import dev.convene.common.security.BearerHeader;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The token a guest renews with ({@code POST /api/auth/guest/renew}). Verified like every access
 * token (signature, issuer, our key), except that it may have expired, as long as the guest
 * identity is within {@code guest-max-age}: a laptop that slept through its renewal keeps the
 * same guest. A guest has no refresh token, so its last token is what proves the identity; it
 * could renew itself every two hours anyway, so accepting it a little later widens nothing
 * beyond the identity's 12 hours.
 */
@ApplicationScoped
public class RenewableGuestTokens {

    /** A guest identity as its (possibly expired) token states it. */
    public record GuestIdentity(UUID id, String name, long since) {
    }

    private final JWTParser parser;
    private final JWTAuthContextInfo lenient;

    RenewableGuestTokens(JWTParser parser, JWTAuthContextInfo verification, TokenConfig config) {
        this.parser = parser;
        this.lenient = new JWTAuthContextInfo(verification);
        this.lenient.setExpGracePeriodSecs((int) config.guestMaxAge().toSeconds());
    }

    /**
     * The guest behind an {@code Authorization: Bearer …} header: 401 {@code unauthorized} for a
     * missing, forged or malformed token (and an expired one that is not a guest's), 403
     * {@code forbidden} for a valid token of someone who is not a guest.
     */
    public GuestIdentity verify(String authorization) {
        String token = BearerHeader.token(authorization);
        if (token.isEmpty()) {
            throw unauthorized();
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token, lenient);
        } catch (ParseException | RuntimeException e) {
            throw unauthorized();
        }
        if (!jwt.getGroups().contains(UserAccount.GROUP_GUEST)) {
            boolean expired = jwt.getExpirationTime() <= Instant.now().getEpochSecond();
            throw expired ? unauthorized() : new ApiException(403, ErrorCodes.FORBIDDEN, "Only a guest token can be renewed");
        }
        UUID id;
        try {
            id = UUID.fromString(jwt.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw unauthorized();
        }
        String name = jwt.getClaim("name");
        return new GuestIdentity(id, name == null ? "" : name, guestSince(jwt));
    }

    /** Its {@code gsince} claim, else (tokens from before the claim) the token's iat. */
    static long guestSince(JsonWebToken jwt) {
        Object since = jwt.getClaim(AccessTokenIssuer.GUEST_SINCE);
        return since instanceof Number n ? n.longValue()
                : since instanceof jakarta.json.JsonNumber j ? j.longValue() : jwt.getIssuedAtTime();
    }

    private static ApiException unauthorized() {
        return new ApiException(401, ErrorCodes.UNAUTHORIZED, "A guest token is required");
    }
}
