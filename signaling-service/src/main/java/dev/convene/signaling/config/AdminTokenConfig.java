package dev.convene.signaling.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/** auth-service access tokens accepted by the admin API (group admin): docs/recording.md "Admin API". */
@ConfigMapping(prefix = "convene.signaling.admin-token")
public interface AdminTokenConfig {

    String issuer();

    /** auth-service's JWKS URL (prod) or its public key file (dev, test). */
    @WithName("publickey-location")
    String publicKeyLocation();
}
