package dev.convene.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileNamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "report.pdf|report.pdf",
            "../../etc/passwd|passwd",
            "C:\\Users\\me\\secret.docx|secret.docx",
            "..|file",
            "...|file",
            ".bashrc|bashrc",
            "trailing. . .|trailing",
            "a<b>c:d\"e?f*g.txt|a_b_c_d_e_f_g.txt",
            "résumé 😀.txt|résumé 😀.txt"})
    void sanitises(String in, String out) {
        assertEquals(out, FileNames.sanitize(in));
    }

    @Test
    void removesControlAndBidiCharacters() {
        assertEquals("invoicefdp.exe", FileNames.sanitize("invoice\u202Efdp.exe"));
        assertEquals("ab.txt", FileNames.sanitize("a\u2066\u200Fb\u0000\u0007\u001b.txt"));
        assertEquals("file", FileNames.sanitize("\u202E\u0000"));
        assertEquals("file", FileNames.sanitize(null));
        assertEquals("👩‍💻.png", FileNames.sanitize("👩‍💻.png"), "a ZWJ inside an emoji stays");
    }

    @Test
    void limitsTo255BytesKeepingTheExtensionAndWholeCharacters() {
        String name = FileNames.sanitize("é".repeat(5000) + ".tar.gz");
        assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 255);
        assertTrue(name.endsWith("é.gz"), name);
        String emoji = FileNames.sanitize("😀".repeat(100));
        assertEquals(252, emoji.getBytes(StandardCharsets.UTF_8).length); // 63 whole 4-byte emoji
    }
}
