package dev.convene.auth.service;

import dev.convene.auth.config.ThrottleConfig;
import dev.convene.auth.security.SecretTokens;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Limits password guessing per account and per client address. An attempt is counted before
 * the password is checked (so parallel requests cannot overshoot the limit) and taken back
 * when it succeeds: the limits are on attempts that did not succeed. Unknown accounts are
 * counted like real ones, so throttling tells nothing about which accounts exist.
 */
@ApplicationScoped
public class LoginThrottle {

    private final WindowCounters counters;
    private final ThrottleConfig config;

    public LoginThrottle(WindowCounters counters, ThrottleConfig config) {
        this.counters = counters;
        this.config = config;
    }

    /**
     * Records an attempt on {@code account} (a user id, or the login name as typed for unknown
     * accounts) from {@code clientAddress}.
     *
     * @throws ThrottledException when either limit is exceeded
     */
    public Attempt begin(String account, String clientAddress) {
        Attempt attempt = new Attempt(accountKey(account), ipKey(clientAddress));
        WindowCounters.Window ip = counters.increment(attempt.ipKey, config.ipWindow());
        WindowCounters.Window acct = counters.increment(attempt.accountKey, config.accountWindow());
        boolean accountOver = acct.count() > config.accountMaxFailures();
        boolean ipOver = ip.count() > config.ipMaxFailures();
        if (accountOver || ipOver) {
            Duration accountWait = accountOver ? acct.remaining() : Duration.ZERO;
            Duration ipWait = ipOver ? ip.remaining() : Duration.ZERO;
            throw new ThrottledException(accountWait.compareTo(ipWait) >= 0 ? accountWait : ipWait);
        }
        return attempt;
    }

    /** The password was right: the account starts afresh, the address gets its attempt back. */
    public void succeeded(Attempt attempt) {
        counters.reset(attempt.accountKey);
        counters.decrement(attempt.ipKey);
    }

    /** Clears the account's failures (after a password reset). */
    public void forgive(String account) {
        counters.reset(accountKey(account));
    }

    // Keys hold digests, not login names, emails or addresses: no personal data in Redis.
    private String accountKey(String account) {
        return config.keyPrefix() + ":account:" + SecretTokens.hash(account);
    }

    private String ipKey(String address) {
        return config.keyPrefix() + ":ip:" + SecretTokens.hash(address);
    }

    /** The keys an attempt was counted under. */
    public record Attempt(String accountKey, String ipKey) {
    }
}
