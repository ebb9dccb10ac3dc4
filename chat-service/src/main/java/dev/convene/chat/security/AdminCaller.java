package dev.convene.chat.security;

/** The holder of a verified auth-service access token with group {@code admin}. */
public record AdminCaller(String userId, String name) {
}
