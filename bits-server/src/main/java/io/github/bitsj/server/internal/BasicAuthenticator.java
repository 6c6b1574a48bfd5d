// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.HeaderField;
import io.github.bitsj.protocol.HeaderLookup;
import io.github.bitsj.server.UserStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP Basic authentication against a {@link UserStore} (SDK: Authentication), with a cache of verified credentials keyed by a
 * salted digest, never the secret: PBKDF2 per request would cost every Fragment tens of milliseconds. Credentials
 * not in the cache pass the {@link LoginThrottle} first (D44): refused without a password check while their address
 * or user is backing off, and checked only a few at a time.
 */
final class BasicAuthenticator implements Authenticator {
    private final UserStore users;
    private final LoginThrottle throttle;
    private final Outcome.Challenged challenge;
    private final byte[] cacheSalt = new byte[16];
    private final ConcurrentHashMap<String, String> verified = new ConcurrentHashMap<>();

    /** The realm of the challenge. */
    private final String realm;

    BasicAuthenticator(UserStore users, String realm, LoginThrottle throttle) {
        this.realm = realm;
        this.users = users;
        this.throttle = throttle;
        this.challenge = new Outcome.Challenged(List.of(HeaderField.of("WWW-Authenticate",
                "Basic realm=\"" + realm + "\", charset=\"UTF-8\"")));
        new SecureRandom().nextBytes(cacheSalt);
    }

    @Override
    public Outcome authenticate(HeaderLookup headers, String client) {
        List<String> auth = headers.values("Authorization");
        if (auth.isEmpty()) {
            // the client's normal first request: it learns the scheme from the challenge, nothing failed
            LogEvent.AUTH_CHALLENGED.log("scheme", "basic");
            return challenge;
        }
        Outcome o = auth.size() == 1 ? verify(auth.get(0), client) : challenge;
        if (o instanceof Outcome.Challenged) {
            LogEvent.AUTH_FAILED.log("scheme", "basic", "reason", auth.size() > 1 ? "several_authorization_headers"
                    : "bad_credentials", "client", client);
        }
        return o;
    }

    /** {@return the realm of the Basic challenge} */
    String realm() {
        return realm;
    }

    /**
     * Checks an {@code Authorization: Basic …} value against the users (a verified value is cached).
     *
     * @param header the header value
     * @param client the client's address key, for the back-off
     * @return the user, the challenge (wrong credentials), or a refusal while backing off
     */
    Outcome verify(String header, String client) {
        if (header.length() > 1024 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return challenge;
        }
        String key = cacheKey(header);
        String cached = verified.get(key);
        if (cached != null) {
            return new Outcome.Accepted(cached, List.of());
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(header.substring(6).strip());
        } catch (IllegalArgumentException e) {
            return challenge;
        }
        String text = new String(raw, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return challenge;
        }
        String user = text.substring(0, colon);
        long wait = throttle.refusedFor(client, user);
        if (wait > 0 || !throttle.beginCheck()) {
            return throttled(wait);
        }
        char[] pw = text.substring(colon + 1).toCharArray();
        Optional<String> ok;
        try {
            wait = throttle.refusedFor(client, user); // again: failures may have come while this one waited
            if (wait > 0) {
                return throttled(wait);
            }
            ok = users.authenticate(user, pw);
        } finally {
            throttle.endCheck();
            Arrays.fill(pw, '\0');
        }
        if (ok.isEmpty()) {
            throttle.failed(client, user);
            return challenge;
        }
        throttle.succeeded(user);
        if (verified.size() > 10_000) {
            verified.clear();
        }
        verified.put(key, ok.get());
        return new Outcome.Accepted(ok.get(), List.of());
    }

    private static Outcome throttled(long waitMillis) {
        LogEvent.AUTH_THROTTLED.log("reason", waitMillis > 0 ? "backoff" : "busy");
        return new Outcome.Throttled(Math.max(1, (waitMillis + 999) / 1000));
    }

    private String cacheKey(String header) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(cacheSalt);
            md.update(header.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
