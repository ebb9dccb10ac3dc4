package dev.convene.auth.service;

import dev.convene.auth.entity.AccountStatus;
import dev.convene.auth.entity.PasswordResetToken;
import dev.convene.auth.entity.Session;
import dev.convene.auth.entity.Session.RevokeReason;
import dev.convene.auth.entity.UserAccount;
import dev.convene.common.error.ApiException;
import dev.convene.common.error.ErrorCodes;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The administrators' view of accounts. Rule that keeps at least one administrator: nobody
 * can disable, delete or demote themselves, and every change re-checks under a row lock that
 * the acting administrator is still an active administrator — so two administrators demoting
 * each other at the same moment cannot both succeed.
 */
@ApplicationScoped
public class AdminUserService {

    private static final Logger LOG = Logger.getLogger(AdminUserService.class);
    static final String DELETED_DISPLAY_NAME = "Deleted user";

    private final SessionService sessions;

    public AdminUserService(SessionService sessions) {
        this.sessions = sessions;
    }

    @Transactional
    public Page search(UUID actorId, UserQuery query) {
        requireActiveAdmin(UserAccount.findById(actorId));
        StringBuilder where = new StringBuilder();
        Map<String, Object> params = new HashMap<>();
        if (query.status().isPresent()) {
            where.append("status = :status");
            params.put("status", query.status().get());
        } else {
            where.append("status <> :deleted");
            params.put("deleted", AccountStatus.DELETED);
        }
        query.text().map(String::trim).filter(text -> !text.isEmpty()).ifPresent(text -> {
            where.append(" and (lower(username) like :q escape '!' or lower(email) like :q escape '!'"
                    + " or lower(displayName) like :q escape '!')");
            params.put("q", "%" + likeEscape(text.toLowerCase(Locale.ROOT)) + "%");
        });
        PanacheQuery<UserAccount> found = UserAccount.find(where.toString(), sort(query.sort()), params);
        List<UserAccount> items = found.page(query.page(), query.size()).list();
        return new Page(items, query.page(), query.size(), found.count());
    }

    @Transactional
    public UserAccount get(UUID actorId, UUID userId) {
        requireActiveAdmin(UserAccount.findById(actorId));
        UserAccount user = UserAccount.findById(userId);
        if (user == null) {
            throw AuthErrors.userNotFound();
        }
        return user;
    }

    @Transactional
    public UserAccount setDisabled(UUID actorId, UUID userId, boolean disabled) {
        UserAccount user = lockForChange(actorId, userId);
        user.status = disabled ? AccountStatus.DISABLED : AccountStatus.ACTIVE;
        user.touch();
        if (disabled) {
            sessions.revokeAll(user.id, RevokeReason.ACCOUNT_DISABLED);
        }
        LOG.infof("Administrator %s %s user %s", actorId, disabled ? "disabled" : "enabled", userId);
        return user;
    }

    @Transactional
    public UserAccount setAdmin(UUID actorId, UUID userId, boolean admin) {
        UserAccount user = lockForChange(actorId, userId);
        user.admin = admin;
        user.touch();
        LOG.infof("Administrator %s %s admin of user %s", actorId, admin ? "granted" : "revoked", userId);
        return user;
    }

    /**
     * Deletion keeps the row (other services refer to the id) but removes everything personal:
     * username and email are replaced, the password and all sessions and reset links are gone.
     * Deleting a deleted account is a no-op.
     */
    @Transactional
    public void anonymise(UUID actorId, UUID userId) {
        UserAccount user = lockForChange(actorId, userId, true);
        if (user.status == AccountStatus.DELETED) {
            return;
        }
        user.username = "deleted:" + user.id;
        user.email = null;
        user.displayName = DELETED_DISPLAY_NAME;
        user.passwordHash = null;
        user.admin = false;
        user.status = AccountStatus.DELETED;
        user.deletedAt = Instant.now();
        user.touch();
        Session.delete("userId", user.id);
        PasswordResetToken.delete("userId", user.id);
        LOG.infof("Administrator %s deleted (anonymised) user %s", actorId, userId);
    }

    private UserAccount lockForChange(UUID actorId, UUID userId) {
        return lockForChange(actorId, userId, false);
    }

    /** Locks actor and target rows in id order (no deadlock), then checks both. */
    private UserAccount lockForChange(UUID actorId, UUID userId, boolean deletedAllowed) {
        if (actorId.equals(userId)) {
            throw AuthErrors.selfModification();
        }
        List<UserAccount> locked = UserAccount.find("id in ?1 order by id", List.of(actorId, userId))
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
        UserAccount actor = locked.stream().filter(user -> user.id.equals(actorId)).findFirst().orElse(null);
        UserAccount target = locked.stream().filter(user -> user.id.equals(userId)).findFirst().orElse(null);
        requireActiveAdmin(actor);
        if (target == null) {
            throw AuthErrors.userNotFound();
        }
        if (target.status == AccountStatus.DELETED && !deletedAllowed) {
            throw new ApiException(409, AuthErrors.USER_DELETED, "This account was deleted");
        }
        return target;
    }

    /** The token said admin; the account must still say so (tokens live up to 15 minutes). */
    private static void requireActiveAdmin(UserAccount actor) {
        if (actor == null || !actor.isActive() || !actor.admin) {
            throw new ApiException(403, ErrorCodes.FORBIDDEN, "Administrator rights are required");
        }
    }

    private static Sort sort(String spec) {
        boolean descending = spec.startsWith("-");
        String property = descending ? spec.substring(1) : spec;
        Sort sort = descending ? Sort.descending(property) : Sort.ascending(property);
        return sort.and("id");
    }

    /** LIKE wildcards typed by the admin are matched literally. */
    private static String likeEscape(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /** One page of accounts and the total number of matches. */
    public record Page(List<UserAccount> items, int page, int size, long total) {
    }
}
