package dev.convene.auth.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The first administrator, created or promoted at startup when a username is configured. */
@ConfigMapping(prefix = "convene.admin.bootstrap")
public interface BootstrapAdminConfig {

    Optional<String> username();

    Optional<String> email();

    /** Never logged; never defaulted. */
    Optional<String> password();
}
