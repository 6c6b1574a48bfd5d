// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The line format: plain numbers whatever the locale, quoting and escaping so no value can forge a field or line. */
class LogEventTest {
    @Test
    void numbersArePlainDigitsWhateverTheLocale() {
        Locale saved = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            assertEquals("event=session_committed bytes=314572800 ok=true n=-7",
                    LogEvent.SESSION_COMMITTED.line("bytes", 314_572_800L, "ok", true, "n", -7));
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void valuesAreQuotedWhereTheyCouldSplitOrForgeAField() {
        assertEquals("event=session_created destination=\"q3 final.pdf\" principal=\"\" client=127.0.0.1:5",
                LogEvent.SESSION_CREATED.line("destination", "q3 final.pdf", "principal", "", "client",
                        "127.0.0.1:5"));
        assertEquals("event=request_rejected destination=\"/a=b\" x=\"say \\\"hi\\\" \\\\ there\"",
                LogEvent.REQUEST_REJECTED.line("destination", "/a=b", "x", "say \"hi\" \\ there"));
        assertEquals("event=request_rejected destination=\"a\\nevent=auth_failed\\r\\u0007\"",
                LogEvent.REQUEST_REJECTED.line("destination", "a\nevent=auth_failed\r\u0007"));
        assertEquals("event=request_rejected destination=caf\u00e9/\u65e5\u672c.txt",
                LogEvent.REQUEST_REJECTED.line("destination", "caf\u00e9/\u65e5\u672c.txt"));
    }
}
