// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

import io.github.bitsj.protocol.internal.Ascii;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The users allowed to upload when HTTP Basic authentication is on (SDK: Authentication), with salted password hashes.
 *
 * <p>File format: one user per line, {@code name:pbkdf2-sha256:<iterations>:<base64 salt>:<base64 hash>};
 * blank lines and lines starting with {@code #} are ignored. {@link #hashLine(String, char[])} produces a line.
 * Passwords are never stored, logged or echoed.
 */
public final class UserStore {
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int DEFAULT_ITERATIONS = 210_000;
    private static final int MAX_ITERATIONS = 10_000_000;

    private record Entry(int iterations, byte[] salt, byte[] hash) {}

    private final Map<String, Entry> users;

    private UserStore(Map<String, Entry> users) {
        this.users = Map.copyOf(users);
    }

    /**
     * Reads a users file.
     *
     * @param file the file
     * @return the users
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if a line is malformed (the message names the line number only)
     */
    public static UserStore load(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /**
     * Parses users file lines.
     *
     * @param lines the lines
     * @return the users
     * @throws IllegalArgumentException if a line is malformed
     */
    public static UserStore parse(List<String> lines) {
        Map<String, Entry> map = new HashMap<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(":", -1);
            if (parts.length != 5 || parts[0].isEmpty() || !SCHEME.equals(parts[1])) {
                throw new IllegalArgumentException("users file line " + n + ": expected name:" + SCHEME
                        + ":iterations:salt:hash");
            }
            try {
                long it = Ascii.parseDecimal(parts[2]); // digits only: no sign, no non-ASCII digits
                if (it < 1 || it > MAX_ITERATIONS) {
                    throw new IllegalArgumentException("users file line " + n + ": iterations out of range");
                }
                byte[] salt = Base64.getDecoder().decode(parts[3]);
                byte[] hash = Base64.getDecoder().decode(parts[4]);
                if (salt.length < 8 || hash.length < 16) {
                    throw new IllegalArgumentException("users file line " + n + ": salt or hash too short");
                }
                if (map.put(parts[0], new Entry((int) it, salt, hash)) != null) {
                    throw new IllegalArgumentException("users file line " + n + ": duplicate user");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("users file line " + n + ": malformed number or base64");
            }
        }
        return new UserStore(map);
    }

    /**
     * Produces a users file line for a user and password with a fresh random salt.
     *
     * @param user     the user name (no {@code :}, no control characters)
     * @param password the password
     * @return the line
     * @throws IllegalArgumentException if the user name is not allowed
     */
    public static String hashLine(String user, char[] password) {
        Objects.requireNonNull(password, "password");
        if (user.isEmpty() || user.indexOf(':') >= 0 || !user.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
            throw new IllegalArgumentException("user name must be non-empty, without ':' or control characters");
        }
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, DEFAULT_ITERATIONS);
        Base64.Encoder b64 = Base64.getEncoder();
        return user + ":" + SCHEME + ":" + DEFAULT_ITERATIONS + ":" + b64.encodeToString(salt) + ":"
                + b64.encodeToString(hash);
    }

    /**
     * Checks a user's password in constant time with respect to the stored hash.
     *
     * @param user     the user name
     * @param password the password
     * @return the user name when the password matches
     */
    public Optional<String> authenticate(String user, char[] password) {
        Entry e = users.get(user);
        if (e == null) {
            return Optional.empty();
        }
        byte[] got = pbkdf2(password, e.salt, e.iterations);
        boolean ok = MessageDigest.isEqual(got, e.hash);
        Arrays.fill(got, (byte) 0);
        return ok ? Optional.of(user) : Optional.empty();
    }

    /**
     * {@return the number of users}
     */
    public int size() {
        return users.size();
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        } finally {
            spec.clearPassword();
        }
    }
}
