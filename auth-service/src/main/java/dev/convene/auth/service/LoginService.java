package dev.convene.auth.service;

import dev.convene.auth.entity.AccountStatus;
import dev.convene.auth.entity.UserAccount;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Optional;

/**
 * Password login by username or email. Unknown accounts and wrong passwords get the same
 * answer after the same work (a bcrypt check against a decoy hash). A disabled account is
 * only reported after the right password, so the refusal reveals nothing to a guesser.
 */
@ApplicationScoped
public class LoginService {

    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final AccountService accounts;
    private final SessionService sessions;

    public LoginService(PasswordHasher hasher, LoginThrottle throttle, AccountService accounts, SessionService sessions) {
        this.hasher = hasher;
        this.throttle = throttle;
        this.accounts = accounts;
        this.sessions = sessions;
    }

    public LoggedIn login(String login, String password, String clientAddress) {
        String key = login.trim().toLowerCase(Locale.ROOT);
        Optional<UserAccount> found = key.contains("@") ? UserAccount.findByEmail(key) : UserAccount.findByUsername(key);
        LoginThrottle.Attempt attempt = throttle.begin(found.map(user -> user.id.toString()).orElse("login:" + key),
                clientAddress);
        UserAccount user = found.filter(candidate -> candidate.passwordHash != null).orElse(null);
        if (user == null) {
            hasher.verifyDecoy(password);
            throw AuthErrors.invalidCredentials();
        }
        if (!hasher.matches(password, user.passwordHash)) {
            throw AuthErrors.invalidCredentials();
        }
        throttle.succeeded(attempt);
        if (user.status != AccountStatus.ACTIVE) {
            throw AuthErrors.accountDisabled();
        }
        UserAccount updated = accounts.recordLogin(user.id, password);
        return new LoggedIn(updated, sessions.open(user.id));
    }

    public record LoggedIn(UserAccount user, SessionService.OpenSession session) {
    }
}
