package dev.convene.chat.rest;

import java.nio.charset.StandardCharsets;

/** {@code attachment} with an ASCII fallback name and the exact name as RFC 8187 {@code filename*}. */
final class ContentDisposition {

    private ContentDisposition() {
    }

    static String attachment(String name) {
        StringBuilder ascii = new StringBuilder();
        name.codePoints().forEach(cp -> ascii.append(cp >= 0x20 && cp < 0x7F && cp != '"' && cp != '\\' && cp != '%'
                ? (char) cp : '_'));
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encode(name);
    }

    /** RFC 8187 attr-char stays, everything else is percent-encoded UTF-8. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    /** Decodes a percent-encoded UTF-8 header value (X-File-Name); malformed sequences stay literal. */
    static String decode(String value) {
        if (value == null) {
            return null;
        }
        byte[] bytes = new byte[value.length()];
        int n = 0;
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '%' && i + 2 < value.length() && Character.digit(value.charAt(i + 1), 16) >= 0
                    && Character.digit(value.charAt(i + 2), 16) >= 0) {
                bytes[n++] = (byte) (Character.digit(value.charAt(i + 1), 16) * 16 + Character.digit(value.charAt(i + 2), 16));
                i += 2;
            } else {
                bytes[n++] = (byte) ch; // headers are Latin-1; non-ASCII here is already garbage
            }
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }
}
