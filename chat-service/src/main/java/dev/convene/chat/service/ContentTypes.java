package dev.convene.chat.service;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Set;

/**
 * The content type of an upload, from its first bytes (the client's claim is ignored), and
 * the type it is served with: only types a browser will not execute or render as a page are
 * served as themselves; html, svg, xml and anything unknown go out as application/octet-stream.
 */
public final class ContentTypes {

    public static final int SNIFF_BYTES = 512;
    public static final String OCTET_STREAM = "application/octet-stream";
    private static final Set<String> SERVED_AS_IS = Set.of("image/png", "image/jpeg", "image/gif", "image/webp",
            "application/pdf", "text/plain; charset=utf-8", "audio/mpeg", "audio/ogg", "audio/wav", "video/mp4",
            "video/webm", "application/zip", "application/gzip");

    private ContentTypes() {
    }

    public static String sniff(byte[] head, int length) {
        if (length == 0) {
            return OCTET_STREAM;
        }
        if (starts(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (starts(head, length, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (starts(head, length, 'G', 'I', 'F', '8')) {
            return "image/gif";
        }
        if (starts(head, length, 'R', 'I', 'F', 'F') && length >= 12) {
            String kind = new String(head, 8, 4, StandardCharsets.ISO_8859_1);
            if (kind.equals("WEBP")) {
                return "image/webp";
            }
            if (kind.equals("WAVE")) {
                return "audio/wav";
            }
        }
        if (starts(head, length, '%', 'P', 'D', 'F', '-')) {
            return "application/pdf";
        }
        if (starts(head, length, 'P', 'K', 3, 4)) {
            return "application/zip";
        }
        if (starts(head, length, 0x1F, 0x8B)) {
            return "application/gzip";
        }
        if (starts(head, length, 'I', 'D', '3') || starts(head, length, 0xFF, 0xFB)) {
            return "audio/mpeg";
        }
        if (starts(head, length, 'O', 'g', 'g', 'S')) {
            return "audio/ogg";
        }
        if (length >= 8 && new String(head, 4, 4, StandardCharsets.ISO_8859_1).equals("ftyp")) {
            return "video/mp4";
        }
        if (starts(head, length, 0x1A, 0x45, 0xDF, 0xA3)) {
            return "video/webm";
        }
        if (isText(head, length)) {
            String start = new String(head, 0, length, StandardCharsets.UTF_8).stripLeading().toLowerCase(Locale.ROOT);
            if (start.startsWith("<!doctype html") || start.startsWith("<html") || start.startsWith("<script")) {
                return "text/html";
            }
            if (start.startsWith("<svg") || start.startsWith("<?xml") && start.contains("<svg")) {
                return "image/svg+xml";
            }
            if (start.startsWith("<?xml")) {
                return "application/xml";
            }
            return "text/plain; charset=utf-8";
        }
        return OCTET_STREAM;
    }

    /** The Content-Type a download is served with. */
    public static String servedAs(String sniffed) {
        return SERVED_AS_IS.contains(sniffed) ? sniffed : OCTET_STREAM;
    }

    private static boolean isText(byte[] head, int length) {
        for (int i = 0; i < length; i++) {
            int b = head[i] & 0xFF;
            if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' || b == 0x7F) {
                return false;
            }
        }
        // a multi-byte character cut at the end of the sniffed bytes is fine
        int end = length;
        for (int back = 0; back < 3 && end > 0 && (head[end - 1] & 0xC0) == 0x80; back++) {
            end--;
        }
        if (end > 0 && (head[end - 1] & 0xC0) == 0xC0) {
            end--;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(head, 0, end));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean starts(byte[] head, int length, int... magic) {
        if (length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
