package dev.convene.auth.security;

import dev.convene.auth.entity.UserAccount;
import dev.convene.auth.service.Accounts;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The account behind the verified access token. Tokens are stateless, so a token may outlive
 * its account's state by up to its lifetime: the account is re-checked here on every call.
 */
@RequestScoped
public class CurrentUser {

    @Inject
    JsonWebToken jwt;

    public UUID id() {
        return UUID.fromString(jwt.getSubject());
    }

    /** The session the token was issued for (absent for guests). */
    public Optional<UUID> sessionId() {
        return Optional.ofNullable(jwt.<String>getClaim("sid")).map(UUID::fromString);
    }

    /** The display name in the token (a guest has nothing else). */
    public String name() {
        String name = jwt.getClaim("name");
        return name == null ? "" : name;
    }

    /** The caller's account, which must still exist and be active. */
    public UserAccount requireActive() {
        return Accounts.requireActive(id());
    }
}
