package dev.convene.auth.service;

import dev.convene.auth.config.BootstrapAdminConfig;
import dev.convene.auth.entity.AccountStatus;
import dev.convene.auth.entity.UserAccount;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The first administrator, from configuration: when {@code convene.admin.bootstrap.username}
 * is set, that account is created (with the configured email and password) or, if it exists,
 * made an administrator. An existing account's password is never changed. Misconfiguration
 * stops the start with a message that never contains the password.
 */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);
    /** Serialises replicas starting together (pg_advisory_xact_lock key). */
    private static final long LOCK_KEY = 0x636f6e76656e65L;

    private final BootstrapAdminConfig config;
    private final PasswordRules rules;
    private final PasswordHasher hasher;
    private final EntityManager em;

    public AdminBootstrap(BootstrapAdminConfig config, PasswordRules rules, PasswordHasher hasher, EntityManager em) {
        this.config = config;
        this.rules = rules;
        this.hasher = hasher;
        this.em = em;
    }

    void onStart(@Observes StartupEvent event) {
        config.username().filter(name -> !name.isBlank())
                .ifPresent(username -> ensureAdmin(username, config.email(), config.password()));
    }

    @Transactional
    public UserAccount ensureAdmin(String rawUsername, Optional<String> rawEmail, Optional<String> password) {
        em.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, LOCK_KEY).getSingleResult();
        if (!Identifiers.isUsername(rawUsername.trim())) {
            throw misconfigured("convene.admin.bootstrap.username " + Identifiers.USERNAME_MESSAGE);
        }
        String username = Identifiers.username(rawUsername);
        Optional<UserAccount> existing = UserAccount.findByUsername(username);
        if (existing.isPresent()) {
            UserAccount user = existing.get();
            if (!user.admin) {
                user.admin = true;
                user.touch();
                LOG.infof("Bootstrap: existing user %s is now an administrator", username);
            }
            if (user.status != AccountStatus.ACTIVE) {
                LOG.warnf("Bootstrap: administrator %s is %s and cannot log in", username, user.status);
            }
            return user;
        }
        String email = rawEmail.map(Identifiers::email).filter(value -> value.contains("@"))
                .orElseThrow(() -> misconfigured("convene.admin.bootstrap.email is required to create " + username));
        String secret = password.filter(value -> !value.isEmpty())
                .orElseThrow(() -> misconfigured("convene.admin.bootstrap.password is required to create " + username));
        if (UserAccount.findByEmail(email).isPresent()) {
            throw misconfigured("convene.admin.bootstrap.email belongs to another account than " + username);
        }
        try {
            rules.require("password", secret, username, email);
        } catch (InvalidFieldsException e) {
            throw misconfigured("convene.admin.bootstrap.password " + e.fields().get("password"));
        }
        UserAccount admin = UserAccount.create(username, email, username, hasher.hash(secret));
        admin.admin = true;
        admin.persist();
        LOG.infof("Bootstrap: created administrator %s", username);
        return admin;
    }

    private static IllegalStateException misconfigured(String message) {
        return new IllegalStateException("Admin bootstrap: " + message);
    }
}
