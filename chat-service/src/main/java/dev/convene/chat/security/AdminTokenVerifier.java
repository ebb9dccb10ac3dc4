package dev.convene.chat.security;

import dev.convene.chat.config.ChatConfig;
import dev.convene.common.security.AdminAccessTokens;
import dev.convene.common.security.AdminAccessTokens.AdminCaller;
import jakarta.enterprise.context.ApplicationScoped;

/** Verifies auth-service access tokens for the admin API ({@code convene.chat.admin-token.*}). */
@ApplicationScoped
public class AdminTokenVerifier {

    private final AdminAccessTokens tokens;

    AdminTokenVerifier(ChatConfig config) {
        this.tokens = new AdminAccessTokens(config.adminToken().publicKeyLocation(), config.adminToken().issuer());
    }

    public AdminCaller verify(String authorization) {
        return tokens.verify(authorization);
    }
}
