package org.dsas.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FileQuoteTest {

    @Test
    void configurationWordsAreShown() {
        assertEquals("'lots'", FileQuote.word("lots"));
        assertEquals("'192.0.2.10:80'", FileQuote.word("192.0.2.10:80"));
        assertEquals("'[2001:db8::1]:53'", FileQuote.word("[2001:db8::1]:53"));
        assertEquals("'--tun-type'", FileQuote.word("--tun-type"));
        assertTrue(FileQuote.shown("virtual_server"));
    }

    @Test
    void secretsAndLongWordsAreNot() {
        String shadow = "root:$y$j9T$W4yJ1nOqX0Sf2/A7cSMhs.$8gS1QY9CNv4mBkZc5ohnFKsvD0bGq7XHbUQW12a1AN4:19700:0:99999:7:::";
        assertEquals("(a word of " + shadow.length() + " characters, not shown)", FileQuote.word(shadow));
        String keyLine = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAaAAAABNlY2RzYS";
        assertFalse(FileQuote.shown(keyLine));
        assertFalse(FileQuote.shown("pass word"));
        assertFalse(FileQuote.shown("x".repeat(FileQuote.MAX_SHOWN + 1)));
        assertEquals("(nothing)", FileQuote.word(null));
    }

    @Test
    void aMessageAboutAFileKeepsItsConfigurationWordsAndHidesTheRest() {
        String file = "root:$y$j9T$abc/def$ghi:19700:0:99999:7:::\n-A -t 192.0.2.10:80 -s wrr\n";
        assertEquals("/tmp/f:1: unexpected argument '(a word of 42 characters, not shown)'",
                FileQuote.redact("/tmp/f:1: unexpected argument 'root:$y$j9T$abc/def$ghi:19700:0:99999:7:::'", file));
        assertEquals("/tmp/f:2: scheduler 'wrr' (x) unknown",
                FileQuote.redact("/tmp/f:2: scheduler 'wrr' (x) unknown", file));
        assertEquals("(a word of 42 characters, not shown) 2",
                FileQuote.redact("root:$y$j9T$abc/def$ghi:19700:0:99999:7::: 2", file));
        assertEquals("a $weird; word", FileQuote.redact("a $weird; word", file), "not from the file: left alone");
    }
}
