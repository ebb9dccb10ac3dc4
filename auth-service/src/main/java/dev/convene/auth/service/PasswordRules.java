package dev.convene.auth.service;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/** Applies {@link PasswordPolicy} to a new password; loads the common list at startup. */
@Startup
@ApplicationScoped
public class PasswordRules {

    private final PasswordPolicy policy = new PasswordPolicy(CommonPasswords.load());

    /** @throws InvalidFieldsException naming {@code field} when the password is refused */
    public void require(String field, String password, String username, String email) {
        policy.problem(password, username, email).ifPresent(problem -> {
            throw new InvalidFieldsException(field, problem);
        });
    }
}
