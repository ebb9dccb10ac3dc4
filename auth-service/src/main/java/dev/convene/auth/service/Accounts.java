package dev.convene.auth.service;

import dev.convene.auth.entity.AccountStatus;
import dev.convene.auth.entity.UserAccount;
import java.util.UUID;

/** Loading the caller's own account, which a still-valid token does not prove to be usable. */
public final class Accounts {

    private Accounts() {
    }

    public static UserAccount requireActive(UUID id) {
        UserAccount user = UserAccount.findById(id);
        if (user == null || user.status == AccountStatus.DELETED) {
            throw AuthErrors.accountGone();
        }
        if (user.status == AccountStatus.DISABLED) {
            throw AuthErrors.accountDisabled();
        }
        return user;
    }
}
