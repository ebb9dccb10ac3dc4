package dev.convene.auth.service;

import dev.convene.auth.config.PasswordConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends the reset link. Asynchronous on purpose: waiting for the SMTP server would make
 * "forgot password" answer slower for existing accounts than for unknown addresses.
 */
@ApplicationScoped
public class ResetMailer {

    private static final Logger LOG = Logger.getLogger(ResetMailer.class);

    private final ReactiveMailer mailer;
    private final String publicUrl;
    private final long validMinutes;

    public ResetMailer(ReactiveMailer mailer, @ConfigProperty(name = "convene.public-url") String publicUrl,
            PasswordConfig config) {
        this.mailer = mailer;
        this.publicUrl = publicUrl.replaceAll("/+$", "");
        this.validMinutes = config.resetTtl().toMinutes();
    }

    public void send(PasswordResetService.ResetMail reset) {
        // the token is base64url: safe in a query string as it is
        String link = publicUrl + "/reset-password?token=" + reset.token();
        String text = """
                Hello %s,

                someone (hopefully you) asked to reset the password of your Convene account.
                Open this link within %d minutes to choose a new password:

                %s

                The link works once. If you did not ask for it, ignore this mail: your password
                stays as it is.
                """.formatted(reset.username(), validMinutes, link);
        mailer.send(Mail.withText(reset.email(), "Reset your Convene password", text))
                .subscribe().with(
                        sent -> LOG.debug("Password-reset mail sent"),
                        failure -> LOG.warnf("Could not send a password-reset mail: %s", failure.getClass().getSimpleName()));
    }
}
