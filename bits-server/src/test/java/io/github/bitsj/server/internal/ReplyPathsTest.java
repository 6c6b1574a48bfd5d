// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Reply URLs (decision D11: absolute) and notification targets (SDK: BITS IIS Extension Properties: relative to the upload URL's
 * directory, the upload URL's query appended).
 */
class ReplyPathsTest {
    @Test
    void aReplyUrlIsAbsoluteUnguessableAndParsesBack() {
        UUID key = UUID.randomUUID();
        String token = ReplyPaths.newToken(key);
        assertTrue(ReplyPaths.isToken(token));
        assertEquals(key, ReplyPaths.sessionKey(token));
        assertNotEquals(token, ReplyPaths.newToken(key), "128 random bits each time");
        String url = ReplyPaths.url(URI.create("https://files.example:8443/upload/a.bin?x=1"), "/upload",
                "BITS-Sessions", token);
        assertEquals("https://files.example:8443/upload/BITS-Sessions/Replies/" + token + "/responsefile.bin", url);
        String path = URI.create(url).getRawPath();
        assertEquals(Optional.of(token), ReplyPaths.token(path, "/upload", "BITS-Sessions"));
        assertTrue(ReplyPaths.isReplyPath(path, "/upload", "BITS-Sessions"));
        assertEquals(Optional.empty(), ReplyPaths.token(path.toUpperCase(java.util.Locale.ROOT), "/upload",
                "BITS-Sessions"));
        assertEquals(Optional.empty(), ReplyPaths.token(path + "x", "/upload", "BITS-Sessions"));
        assertFalse(ReplyPaths.isToken(token.substring(1)));
    }

    @Test
    void notificationTargetsFollowIis() {
        URI upload = URI.create("http://myserver/myvdir/file.txt?ACCOUNT=86433");
        assertEquals(URI.create("http://myserver/myvdir/myasp.asp?ACCOUNT=86433"),
                NotificationClient.target("myasp.asp", upload), "relative to the upload URL's directory");
        assertEquals(URI.create("https://otherserver/myvdir2/bag.asp?ACCOUNT=86433"),
                NotificationClient.target("https://otherserver/myvdir2/bag.asp", upload), "SDK example");
        assertEquals(URI.create("http://app/n?mode=x&ACCOUNT=86433"),
                NotificationClient.target("http://app/n?mode=x", upload));
        assertEquals(URI.create("http://myserver/apps/n"),
                NotificationClient.target("/apps/n", URI.create("http://myserver/myvdir/file.txt")));
    }

    @Test
    void onlyWellFormedHostsAreRepeatedInUrls() {
        assertTrue(Caller.isHost("frankcao8"));
        assertTrue(Caller.isHost("127.0.0.1:8080"));
        assertTrue(Caller.isHost("[::1]:8080"));
        assertFalse(Caller.isHost("evil.com/x"));
        assertFalse(Caller.isHost("user@host"));
        assertFalse(Caller.isHost("a b"));
        assertFalse(Caller.isHost(""));
    }
}
