// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server;

/** The URL prefix rule of {@link UploadDirectory}: a normalised path of plain visible ASCII. */
final class UrlPrefixes {
    private UrlPrefixes() {}

    /** Normalises a prefix to start with {@code /} and not end with one; throws IllegalArgumentException if bad. */
    static String normalise(String p) {
        String s = p.trim();
        if (!s.startsWith("/")) {
            s = "/" + s;
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '\\' || c == '%' || c == '?' || c == '#') {
                throw new IllegalArgumentException("urlPrefix must be plain visible ASCII without % ? # \\");
            }
        }
        if (s.contains("//") || s.contains("/./") || s.contains("/../") || s.endsWith("/..") || s.endsWith("/.")) {
            throw new IllegalArgumentException("urlPrefix must be a normalised path");
        }
        return s;
    }
}
