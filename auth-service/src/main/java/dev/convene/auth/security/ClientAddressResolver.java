package dev.convene.auth.security;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The client address of a request, for per-IP throttling (see {@link TrustedProxies}). */
@ApplicationScoped
public class ClientAddressResolver {

    private final TrustedProxies proxies;

    public ClientAddressResolver(@ConfigProperty(name = "convene.auth.trusted-proxies") List<String> trusted) {
        this.proxies = TrustedProxies.of(trusted);
    }

    public String clientAddress(HttpServerRequest request) {
        SocketAddress peer = request.remoteAddress();
        String peerAddress = peer == null || peer.hostAddress() == null ? "unknown" : peer.hostAddress();
        return proxies.clientAddress(peerAddress, request.getHeader("X-Forwarded-For"));
    }
}
