package dev.convene.chat.service;

import java.nio.charset.StandardCharsets;

/**
 * Makes a client's file name harmless while keeping what a person would recognise: only the
 * last path segment; no control or invisible format characters (bidi overrides such as
 * U+202E that disguise "txt.exe" as "exe.txt"); no characters reserved on common file
 * systems; no leading dots (hidden files, "..") or trailing dots/spaces; at most 255 bytes of
 * UTF-8, keeping the extension; "file" when nothing is left.
 */
public final class FileNames {

    public static final int MAX_BYTES = 255;
    public static final String FALLBACK = "file";
    private static final String RESERVED = "<>:\"|?*";

    private FileNames() {
    }

    public static String sanitize(String original) {
        if (original == null) {
            return FALLBACK;
        }
        String name = original;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        StringBuilder clean = new StringBuilder(Math.min(name.length(), 512));
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.CONTROL || type == Character.FORMAT && cp != 0x200D
                    || type == Character.SURROGATE || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
                continue;
            }
            clean.appendCodePoint(RESERVED.indexOf(cp) >= 0 ? '_' : Character.isWhitespace(cp) ? ' ' : cp);
        }
        String result = trim(clean.toString());
        result = truncate(result, MAX_BYTES);
        return result.isEmpty() ? FALLBACK : result;
    }

    private static String trim(String name) {
        int start = 0;
        while (start < name.length() && (name.charAt(start) == '.' || name.charAt(start) == ' ')) {
            start++;
        }
        int end = name.length();
        while (end > start && (name.charAt(end - 1) == '.' || name.charAt(end - 1) == ' ')) {
            end--;
        }
        return name.substring(start, end);
    }

    /** Cuts the base name (at a code point boundary) so that base + extension fit in maxBytes. */
    static String truncate(String name, int maxBytes) {
        if (utf8(name) <= maxBytes) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
        String base = extension.isEmpty() ? name : name.substring(0, dot);
        int budget = maxBytes - utf8(extension);
        StringBuilder cut = new StringBuilder();
        int used = 0;
        for (int i = 0; i < base.length(); ) {
            int cp = base.codePointAt(i);
            int size = utf8(new String(Character.toChars(cp)));
            if (used + size > budget) {
                break;
            }
            cut.appendCodePoint(cp);
            used += size;
            i += Character.charCount(cp);
        }
        return trim(cut.toString()) + extension;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
