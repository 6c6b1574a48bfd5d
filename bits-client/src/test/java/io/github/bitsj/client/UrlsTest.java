// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** Host-id rewriting (SDK: BITS IIS Extension Properties (BITSHostId), decision D13) and reply-URL resolution (MC-BUP §3.3.5.2.6, decision D11). */
class UrlsTest {
    static final URI ORIGIN = URI.create("https://farm.example:8443/vdir/sub/f%20x.bin?token=a%2Fb");

    @Test
    void hostIdReplacesOnlyTheHost() {
        assertEquals(URI.create("https://FRANKCAO8:8443/vdir/sub/f%20x.bin?token=a%2Fb"),
                Urls.withHost(ORIGIN, "FRANKCAO8"));
        assertEquals(URI.create("http://10.0.0.7/up"), Urls.withHost(URI.create("http://lb/up"), "10.0.0.7"));
    }

    @Test
    void ipv6HostIdsGetBrackets() {
        assertEquals(URI.create("https://[fe80::1]:8443/vdir/sub/f%20x.bin?token=a%2Fb"),
                Urls.withHost(ORIGIN, "fe80::1"));
        assertEquals(URI.create("https://[::1]:8443/vdir/sub/f%20x.bin?token=a%2Fb"), Urls.withHost(ORIGIN, "[::1]"));
        assertEquals(URI.create("https://[::1]:9000/vdir/sub/f%20x.bin?token=a%2Fb"),
                Urls.withHost(ORIGIN, "[::1]:9000"));
    }

    @Test
    void aHostIdWithAPortIsAcceptedLeniently() {
        assertEquals(URI.create("https://node7:9000/vdir/sub/f%20x.bin?token=a%2Fb"),
                Urls.withHost(ORIGIN, "node7:9000"));
        assertThrows(IllegalArgumentException.class, () -> Urls.withHost(ORIGIN, "node7:99999"));
        assertThrows(IllegalArgumentException.class, () -> Urls.withHost(ORIGIN, "node7:x"));
        assertThrows(IllegalArgumentException.class, () -> Urls.withHost(ORIGIN, ":80"));
    }

    @Test
    void relativeIisReplyUrlResolvesAgainstTheDestinationsDirectory() {
        assertEquals(URI.create("https://farm.example:8443/vdir/sub/BITS-Sessions/Replies/%7BC85B4E0A-9EB9-4114-BFA4-"
                        + "8A43B4710091%7D/responsefile.bin"),
                Urls.resolveReply(ORIGIN,
                        "BITS-Sessions\\Replies\\{C85B4E0A-9EB9-4114-BFA4-8A43B4710091}\\responsefile.bin"));
        assertEquals(URI.create("https://farm.example:8443/replies/r%20a.bin"),
                Urls.resolveReply(ORIGIN, "/replies/r a.bin"));
    }

    @Test
    void absoluteReplyUrlIsUsedAsIs() {
        assertEquals(URI.create("http://static.example/reply.bin?x=1"),
                Urls.resolveReply(ORIGIN, "http://static.example/reply.bin?x=1"));
    }

    @Test
    void targetsMustBeAbsoluteHttpUrls() {
        assertThrows(IllegalArgumentException.class, () -> Urls.requireHttp(URI.create("ftp://h/x")));
        assertThrows(IllegalArgumentException.class, () -> Urls.requireHttp(URI.create("/x")));
        assertThrows(IllegalArgumentException.class, () -> Urls.requireHttp(URI.create("mailto:a@b")));
        assertEquals(ORIGIN, Urls.requireHttp(ORIGIN));
    }

    @Test
    void escapeNeutralisesControlsAndTruncates() {
        assertEquals("a\\r\\nb\\t\\u0001", Urls.escape("a\r\nb\t\u0001"));
        assertEquals(203, Urls.escape("x".repeat(500)).length());
    }
}
