package dev.convene.auth.security;

import dev.convene.auth.config.JwtKeyConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;

/** Loads the configured key ring once; {@link Startup} makes a missing or bad key fail the start. */
@ApplicationScoped
public class SigningKeysProducer {

    @Produces
    @Startup
    @Singleton
    SigningKeys signingKeys(JwtKeyConfig config) {
        List<Path> previous = config.previousPublicKeyLocations().orElse(List.of()).stream()
                .map(String::trim)
                .filter(location -> !location.isEmpty())
                .map(Path::of)
                .toList();
        return SigningKeys.load(Path.of(config.privateKeyLocation()), previous);
    }
}
