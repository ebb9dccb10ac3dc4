package dev.convene.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentTypesTest {

    static String sniff(byte[] bytes) {
        return ContentTypes.sniff(bytes, bytes.length);
    }

    static String sniff(String text) {
        return sniff(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void recognisesMagicBytes() {
        assertEquals("image/png", sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0}));
        assertEquals("image/jpeg", sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}));
        assertEquals("image/gif", sniff("GIF89a...."));
        assertEquals("image/webp", sniff("RIFF\0\0\0\0WEBPVP8 "));
        assertEquals("application/pdf", sniff("%PDF-1.7\n"));
        assertEquals("application/zip", sniff(new byte[] {'P', 'K', 3, 4, 0}));
        assertEquals("video/mp4", sniff(new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'm', 'p', '4', '2'}));
        assertEquals("application/octet-stream", sniff(new byte[] {0, 1, 2, 3, (byte) 0xFE}));
        assertEquals("application/octet-stream", sniff(new byte[0]));
    }

    @Test
    void textIsPlainUnlessItIsMarkupAndMarkupIsNeverServedAsIs() {
        assertEquals("text/plain; charset=utf-8", sniff("hello ✓ world\n"));
        assertEquals("text/html", sniff("  <!DOCTYPE html><p>x"));
        assertEquals("text/html", sniff("<HTML>"));
        assertEquals("image/svg+xml", sniff("<?xml version=\"1.0\"?><svg/>"));
        assertEquals("application/octet-stream", ContentTypes.servedAs("text/html"));
        assertEquals("application/octet-stream", ContentTypes.servedAs("image/svg+xml"));
        assertEquals("application/octet-stream", ContentTypes.servedAs("application/xml"));
        assertEquals("image/png", ContentTypes.servedAs("image/png"));
        // a UTF-8 character cut by the sniffing window still counts as text
        byte[] cut = "aaé".getBytes(StandardCharsets.UTF_8);
        assertEquals("text/plain; charset=utf-8", ContentTypes.sniff(cut, cut.length - 1));
    }
}
