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
 * HTTP Basic authentication against a {@link UserStore} (digest §9), with a cache of verified credentials keyed by a
 * salted digest, never the secret: PBKDF2 per request would cost every Fragment tens of milliseconds.
 */
final class BasicAuthenticator implements Authenticator {
    private final UserStore users;
    private final Outcome.Challenged challenge;
    private final byte[] cacheSalt = new byte[16];
    private final ConcurrentHashMap<String, String> verified = new ConcurrentHashMap<>();

    /** The realm of the challenge. */
    private final String realm;

    BasicAuthenticator(UserStore users, String realm) {
        this.realm = realm;
        this.users = users;
        this.challenge = new Outcome.Challenged(List.of(HeaderField.of("WWW-Authenticate",
                "Basic realm=\"" + realm + "\", charset=\"UTF-8\"")));
        new SecureRandom().nextBytes(cacheSalt);
    }

    @Override
    public Outcome authenticate(HeaderLookup headers) {
        List<String> auth = headers.values("Authorization");
        Optional<String> principal = auth.size() == 1 ? verify(auth.get(0)) : Optional.empty();
        if (auth.isEmpty()) {
            // the client's normal first request: it learns the scheme from the challenge, nothing failed
            LogEvent.AUTH_CHALLENGED.log("scheme", "basic");
            return challenge;
        }
        if (principal.isEmpty()) {
            LogEvent.AUTH_FAILED.log("scheme", "basic", "reason", auth.size() > 1 ? "several_authorization_headers"
                    : "bad_credentials");
            return challenge;
        }
        return new Outcome.Accepted(principal.get(), List.of());
    }

    /** {@return the realm of the Basic challenge} */
    String realm() {
        return realm;
    }

    /**
     * Checks an {@code Authorization: Basic …} value against the users (a verified value is cached).
     *
     * @param header the header value
     * @return the user name, if the credentials are a user's
     */
    Optional<String> verify(String header) {
        if (header.length() > 1024 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String key = cacheKey(header);
        String cached = verified.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(header.substring(6).strip());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String text = new String(raw, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        char[] pw = text.substring(colon + 1).toCharArray();
        Optional<String> ok = users.authenticate(text.substring(0, colon), pw);
        Arrays.fill(pw, '\0');
        if (ok.isPresent()) {
            if (verified.size() > 10_000) {
                verified.clear();
            }
            verified.put(key, ok.get());
        }
        return ok;
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
