// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The file-system side of a case, when {@code --root DIR} names the local directory the URL maps to: committed bytes,
 * files that must not exist, and files that must not appear outside the root. Without {@code --root} every check here
 * skips the case (or the part of it that needs the files). Files the kit created are deleted with the case.
 */
final class RootFiles {
    /** Most directory entries looked at per ancestor when searching for escaped files. */
    private static final int MAX_ENTRIES = 200_000;

    private final Target target;
    private final CaseContext ctx;
    private final List<Path> created = new ArrayList<>();

    RootFiles(Target target, CaseContext ctx) {
        this.target = target;
        this.ctx = ctx;
    }

    /** {@return true when {@code --root} was given} */
    boolean present() {
        return target.root().isPresent();
    }

    /** {@return the root; skips the case when {@code --root} was not given} */
    Path root() {
        return target.root().orElseThrow(() -> new Case.Skip("needs --root DIR (the local directory the URL maps to)"));
    }

    /**
     * {@return the local path of a destination name, remembered for clean-up}
     *
     * @param name a name in the directory under test
     */
    Path local(String name) {
        Path p = root().resolve(name).normalize();
        if (!p.startsWith(root()) || p.equals(root())) {
            throw new IllegalArgumentException("not a name inside the root: " + name);
        }
        created.add(p);
        return p;
    }

    /**
     * Checks that a destination holds exactly {@code expected}; does nothing without {@code --root} except note it.
     *
     * @param name the destination name
     * @param expected the bytes the upload sent
     * @param rule the rule, for the reason
     */
    void expectContent(String name, byte[] expected, String rule) {
        if (!present()) {
            ctx.note("committed bytes not compared (no --root)");
            return;
        }
        Path p = local(name);
        byte[] actual;
        try {
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                throw CaseContext.fail(rule + ": no file " + name + " in the root after the upload");
            }
            actual = Files.readAllBytes(p);
        } catch (IOException e) {
            throw CaseContext.fail(rule + ": cannot read " + name + ": " + e);
        }
        int diff = Arrays.mismatch(actual, expected);
        if (diff >= 0) {
            throw CaseContext.fail(rule + ": the file " + name + " holds " + actual.length + " bytes that differ from the "
                    + expected.length + " uploaded" + (diff < Math.min(actual.length, expected.length)
                    ? " (first difference at byte " + diff + ")" : ""));
        }
    }

    /**
     * {@return whether the destination exists (or empty without {@code --root})}
     *
     * @param name the destination name
     */
    Optional<Boolean> exists(String name) {
        if (!present()) {
            return Optional.empty();
        }
        return Optional.of(Files.exists(local(name), LinkOption.NOFOLLOW_LINKS));
    }

    /**
     * {@return the bytes of a destination, or empty if it is absent or {@code --root} is not given}
     *
     * @param name the destination name
     */
    Optional<byte[]> read(String name) {
        if (!present() || !Files.isRegularFile(local(name), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(local(name)));
        } catch (IOException e) {
            throw CaseContext.fail("cannot read " + name + " in the root: " + e);
        }
    }

    /**
     * Writes a file into the root (as if uploaded earlier).
     *
     * @param name the destination name
     * @param bytes the content
     */
    void write(String name, byte[] bytes) {
        try {
            Files.write(local(name), bytes);
        } catch (IOException e) {
            throw new Case.Skip("cannot write into the root: " + e);
        }
    }

    /**
     * Creates a directory in the root.
     *
     * @param name its name
     */
    void mkdir(String name) {
        try {
            Files.createDirectory(local(name));
        } catch (IOException e) {
            throw new Case.Skip("cannot create a directory in the root: " + e);
        }
    }

    /**
     * Fails the case if any entry whose name contains {@code token} exists in the root's parent or the
     * {@code levels - 1} directories above it (MC-BUP §3.3.5.2.4: "never outside it").
     *
     * @param token a unique token the case put into every escaping name
     * @param levels how many ancestors to search
     * @param rule the rule, for the reason
     */
    void expectNothingOutside(String token, int levels, String rule) {
        if (!present()) {
            ctx.note("nothing-outside-the-root not checked (no --root)");
            return;
        }
        Path dir = root().toAbsolutePath().normalize().getParent();
        for (int i = 0; i < levels && dir != null; i++, dir = dir.getParent()) {
            int seen = 0;
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                for (Path p : s) {
                    if (p.getFileName().toString().contains(token)) {
                        throw CaseContext.fail(rule + ": found " + p + " outside the root");
                    }
                    if (++seen == MAX_ENTRIES) {
                        break;
                    }
                }
            } catch (IOException e) {
                ctx.note("could not list " + dir + " (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    /** Deletes the regular files the case created or had uploaded inside the root. */
    void cleanUp() {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i)); // a directory only if it is empty
            } catch (IOException e) {
                // best effort
            }
        }
    }
}
