package dev.convene.chat.security;

import dev.convene.chat.service.ChatErrors;
import dev.convene.common.security.BearerHeader;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashSet;
import java.util.Set;

/** Reading the bearer header and smallrye-jwt's claim values (which may be JSON-P values). */
final class BearerTokens {

    private BearerTokens() {
    }

    static String extract(String authorization) {
        String token = BearerHeader.token(authorization);
        if (token.isEmpty()) {
            throw ChatErrors.unauthorized("A bearer token is required");
        }
        return token;
    }

    static String string(Object claim) {
        if (claim instanceof JsonString json) {
            return json.getString();
        }
        return claim instanceof String s ? s : null;
    }

    static boolean bool(Object claim) {
        return Boolean.TRUE.equals(claim) || JsonValue.TRUE.equals(claim);
    }

    static Set<String> strings(Object claim) {
        Set<String> values = new LinkedHashSet<>();
        if (claim instanceof JsonArray array) {
            array.forEach(v -> {
                if (v instanceof JsonString s) {
                    values.add(s.getString());
                }
            });
        } else if (claim instanceof Iterable<?> iterable) {
            iterable.forEach(v -> {
                String s = string(v);
                if (s != null) {
                    values.add(s);
                }
            });
        }
        return values;
    }
}
