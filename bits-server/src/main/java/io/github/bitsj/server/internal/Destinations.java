// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.internal.Ascii;
import io.github.bitsj.protocol.ProtocolError.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps a request path to a destination file under a storage root, with no escape, ever (MC-BUP §3.3.5.2.4).
 *
 * <p>Rules: the path must lie under the URL prefix; every segment is percent-decoded strictly (UTF-8, valid
 * {@code %HH} only) and then must be a plain file name: not empty ({@code //}), not {@code .} or {@code ..}, no
 * {@code / \ : * ? " < > |}, no NUL, control or Unicode format (bidi) characters, no trailing dot or space, no
 * Windows device name ({@code CON}, {@code NUL.txt}, {@code COM1}, …), at most 255 UTF-8 bytes; at most
 * 32 segments and 1024 characters in all; the first segment must not be the session area. Every existing component
 * is checked with {@code NOFOLLOW_LINKS}: a symbolic link anywhere → 403.
 */
final class Destinations {
    private static final int MAX_SEGMENTS = 32;
    private static final int MAX_PATH_CHARS = 1024;
    private static final int MAX_NAME_BYTES = 255;

    private Destinations() {}

    /**
     * A mapped destination.
     *
     * @param relative the decoded path below the root, segments joined by {@code /}
     * @param file     the file under the real storage root
     */
    record Destination(String relative, Path file) {
        /** {@return the segments of {@link #relative}} */
        List<String> segments() {
            return List.of(relative.split("/", -1));
        }

        /** {@return the file's name, the last segment} */
        String name() {
            return relative.substring(relative.lastIndexOf('/') + 1);
        }
    }

    /**
     * Maps a raw request path (as received, still percent-encoded, without query).
     *
     * @param prefix         the directory's normalised URL prefix
     * @param root           the real path of the storage root
     * @param sessionDirName the session area's name, never a destination
     * @param rawPath        the raw path
     * @return the destination, or the rule it breaks
     */
    static Result<Destination> map(String prefix, Path root, String sessionDirName, String rawPath) {
        if (rawPath == null || !rawPath.startsWith(prefix + "/")) {
            return Result.err(Kind.INVALID_DESTINATION);
        }
        String rest = rawPath.substring(prefix.length() + 1);
        if (rest.isEmpty() || rest.endsWith("/")) {
            return Result.err(Kind.DESTINATION_IS_DIRECTORY);
        }
        if (rest.length() > MAX_PATH_CHARS) {
            return Result.err(Kind.INVALID_DESTINATION);
        }
        List<String> segments = new ArrayList<>();
        int start = 0;
        while (true) {
            int slash = rest.indexOf('/', start);
            String raw = slash < 0 ? rest.substring(start) : rest.substring(start, slash);
            Optional<String> seg = decodeSegment(raw);
            if (seg.isEmpty() || segments.size() == MAX_SEGMENTS) {
                return Result.err(Kind.INVALID_DESTINATION);
            }
            segments.add(seg.get());
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
        return resolve(root, sessionDirName, segments);
    }

    /**
     * The segment rules shared by request mapping and session recovery: at most {@code MAX_SEGMENTS} plain names
     * ({@link #isPlainName}), the session area never the first, each resolving to exactly one level below the root.
     *
     * @param root           the real path of the storage root
     * @param sessionDirName the session area's name, never a destination
     * @param segments       the decoded segments
     * @return the destination, or the rule it breaks
     */
    static Result<Destination> resolve(Path root, String sessionDirName, List<String> segments) {
        if (segments.isEmpty() || segments.size() > MAX_SEGMENTS) {
            return Result.err(Kind.INVALID_DESTINATION);
        }
        for (String seg : segments) {
            if (!isPlainName(seg)) {
                return Result.err(Kind.INVALID_DESTINATION);
            }
        }
        String relative = String.join("/", segments);
        if (relative.length() > MAX_PATH_CHARS) {
            return Result.err(Kind.INVALID_DESTINATION);
        }
        if (segments.get(0).equalsIgnoreCase(sessionDirName)) {
            return Result.err(Kind.ACCESS_DENIED);
        }
        Path file = root;
        for (String s : segments) {
            Path next = file.resolve(s);
            if (next.getNameCount() != file.getNameCount() + 1 || !next.startsWith(root)) {
                return Result.err(Kind.INVALID_DESTINATION);
            }
            file = next;
        }
        return Result.ok(new Destination(relative, file));
    }

    /**
     * Checks the file system for a mapped destination: the parents exist, are directories and are no symbolic
     * links; the destination is no link, no directory, and (when overwrites are off) does not exist.
     *
     * @param root            the real storage root
     * @param d               the destination
     * @param allowOverwrites whether an existing regular file may be replaced
     * @return the destination when it is usable, else the rule it breaks
     */
    static Result<Destination> check(Path root, Destination d, boolean allowOverwrites) {
        Path p = root;
        Path rel = root.relativize(d.file());
        int n = rel.getNameCount();
        try {
            for (int i = 0; i < n - 1; i++) {
                p = p.resolve(rel.getName(i));
                Optional<BasicFileAttributes> parent = attrs(p);
                if (parent.isEmpty()) {
                    return Result.err(Kind.DESTINATION_NOT_FOUND);
                }
                BasicFileAttributes a = parent.get();
                if (a.isSymbolicLink()) {
                    return Result.err(Kind.ACCESS_DENIED);
                }
                if (!a.isDirectory()) {
                    return Result.err(Kind.DESTINATION_NOT_FOUND);
                }
            }
            Optional<BasicFileAttributes> existing = attrs(d.file());
            if (existing.isEmpty()) {
                return Result.ok(d);
            }
            BasicFileAttributes a = existing.get();
            if (a.isSymbolicLink() || a.isOther()) {
                return Result.err(Kind.ACCESS_DENIED);
            }
            if (a.isDirectory()) {
                return Result.err(Kind.DESTINATION_IS_DIRECTORY);
            }
            return allowOverwrites ? Result.ok(d) : Result.err(Kind.DESTINATION_EXISTS);
        } catch (IOException e) {
            return Result.err(Kind.ACCESS_DENIED);
        }
    }

    /**
     * Opens a destination's parent directory from the open root, one segment at a time, never through a link (D47):
     * what this returns stays the directory that was checked, whatever is swapped in its place afterwards.
     *
     * @param root the open storage root
     * @param d the destination
     * @return the open parent (the caller closes it), or {@link Kind#DESTINATION_NOT_FOUND} (a missing or non-directory
     *     segment) or {@link Kind#ACCESS_DENIED} (a link)
     * @throws IOException on an unexpected I/O failure
     */
    static Result<Dir> openParent(Dir root, Destination d) throws IOException {
        List<String> segs = d.segments();
        Dir at = root;
        try {
            for (int i = 0; i < segs.size() - 1; i++) {
                Optional<BasicFileAttributes> a = at.attrs(segs.get(i));
                Kind refused = a.isEmpty() || !(a.get().isDirectory() || a.get().isSymbolicLink())
                        ? Kind.DESTINATION_NOT_FOUND
                        : a.get().isSymbolicLink() ? Kind.ACCESS_DENIED : null;
                Dir next = null;
                if (refused == null) {
                    try {
                        next = at.child(segs.get(i));
                    } catch (java.nio.file.NoSuchFileException e) {
                        refused = Kind.DESTINATION_NOT_FOUND;
                    } catch (IOException e) {
                        // swapped for a link ("Too many levels of symbolic links (NOFOLLOW_LINKS specified)") or a
                        // file since the look
                        refused = Kind.ACCESS_DENIED;
                    }
                }
                if (at != root) {
                    at.close();
                }
                at = next;
                if (refused != null) {
                    return Result.err(refused);
                }
            }
            Dir parent = at == root ? root.child(".") : at;
            at = root;
            return Result.ok(parent);
        } finally {
            if (at != root && at != null) {
                at.close();
            }
        }
    }

    /**
     * The rules for the destination's own entry in its open parent: no link, no directory, and (when overwrites are
     * off) nothing there.
     *
     * @return the rule it breaks, or null when the name is usable
     * @throws IOException on an unexpected I/O failure
     */
    static Kind checkEntry(Dir parent, String name, boolean allowOverwrites) throws IOException {
        Optional<BasicFileAttributes> existing = parent.attrs(name);
        if (existing.isEmpty()) {
            return null;
        }
        BasicFileAttributes a = existing.get();
        if (a.isSymbolicLink() || a.isOther()) {
            return Kind.ACCESS_DENIED;
        }
        if (a.isDirectory()) {
            return Kind.DESTINATION_IS_DIRECTORY;
        }
        return allowOverwrites ? null : Kind.DESTINATION_EXISTS;
    }

    private static Optional<BasicFileAttributes> attrs(Path p) throws IOException {
        try {
            return Optional.of(Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
    }

    static boolean isPlainName(String s) {
        if (s.isEmpty() || s.equals(".") || s.equals("..")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == '/' || c == '\\' || c == ':' || c == '*'
                    || c == '?' || c == '"' || c == '<' || c == '>' || c == '|' || c == '\u2028' || c == '\u2029'
                    || Character.getType(c) == Character.FORMAT || (Character.isSurrogate(c) && !validSurrogate(s, i))) {
                return false;
            }
        }
        char last = s.charAt(s.length() - 1);
        if (last == '.' || last == ' ' || s.charAt(0) == ' ' || isReservedDeviceName(s)) {
            return false;
        }
        return s.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES;
    }

    /**
     * Windows device names ({@code CON}, {@code NUL}, {@code COM1}, …, also with an extension or spaces before it):
     * on a Windows host a "file" of that name is a device, so an upload would vanish into {@code NUL} or go to a
     * serial port. Refused on every platform, so the destination namespace is the same everywhere.
     */
    private static boolean isReservedDeviceName(String s) {
        int dot = s.indexOf('.');
        String base = (dot < 0 ? s : s.substring(0, dot)).stripTrailing();
        for (String r : RESERVED) {
            if (base.equalsIgnoreCase(r)) {
                return true;
            }
        }
        if (base.length() == 4
                && (base.regionMatches(true, 0, "COM", 0, 3) || base.regionMatches(true, 0, "LPT", 0, 3))) {
            char d = base.charAt(3);
            return (d >= '0' && d <= '9') || d == '\u00b9' || d == '\u00b2' || d == '\u00b3';
        }
        return false;
    }

    private static final List<String> RESERVED = List.of("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$");

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    /** Strict percent-decoding as UTF-8; empty if malformed. */
    static Optional<String> decodeSegment(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return Optional.empty();
                }
                int h = Ascii.hexValue(raw.charAt(i + 1));
                int l = Ascii.hexValue(raw.charAt(i + 2));
                if (h < 0 || l < 0) {
                    return Optional.empty();
                }
                out.write(h * 16 + l);
                i += 2;
            } else if (c > 0x20 && c < 0x7f) {
                out.write(c);
            } else {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
