package dev.convene.chat.service;

import java.util.regex.Pattern;

/** A client-chosen message id: a UUID or 8–64 characters of [A-Za-z0-9_-] (a UUID is one of those). */
public final class ClientIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{8,64}");

    private ClientIds() {
    }

    public static boolean valid(String clientId) {
        return clientId != null && VALID.matcher(clientId).matches();
    }
}
