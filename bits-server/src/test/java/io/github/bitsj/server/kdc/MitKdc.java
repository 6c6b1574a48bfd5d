// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.kdc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real MIT Kerberos KDC (Debian's {@code krb5-kdc}, {@code krb5-admin-server}, {@code krb5-user}) for tests, in a
 * temporary directory of its own: its own {@code krb5.conf} and {@code kdc.conf} (passed to the MIT tools through
 * {@code KRB5_CONFIG} and {@code KRB5_KDC_PROFILE}, so the machine's {@code /etc/krb5.conf} is never read), a database
 * made by {@code kdb5_util create -s}, principals and keytabs made by {@code kadmin.local}, and {@code krb5kdc}
 * listening on TCP only on a free loopback port. DNS stays out: {@code dns_lookup_kdc}, {@code dns_lookup_realm},
 * {@code dns_canonicalize_hostname} and {@code rdns} are off, and {@code udp_preference_limit = 1} makes every client
 * (the JDK, MIT's libraries under curl and kinit) use TCP.
 *
 * <p>Realm {@value #REALM}; principals {@code alice} and {@code bob} with passwords {@link #password(String)}, and the
 * service principal {@code HTTP/localhost} whose keys are in {@link #serviceKeytab()}. {@link #kinit} fills a ticket
 * cache file for a user; {@link #env(Path)} gives the environment for a child process (curl) to use it.
 *
 * <p>{@code krb5kdc} runs under a small shell that kills it when its standard input closes, so the KDC goes away with
 * the JVM even when the JVM is killed. {@link #close()} stops it and deletes the directory.
 *
 * <p>The JDK reads its Kerberos configuration once per JVM (from {@code java.security.krb5.conf}); use the fixture
 * through {@link KdcExtension}, which starts one KDC per JVM and points the JDK at it before any Kerberos use.
 */
public final class MitKdc implements AutoCloseable {
    /** The test realm. */
    public static final String REALM = "BITSJ.TEST";
    /** The HTTP service principal the fixture creates, with its realm. */
    public static final String SERVICE_PRINCIPAL = "HTTP/localhost@" + REALM;
    /** The KDC and acceptor clock skew, seconds: short, so that expired tickets are refused without a long wait. */
    public static final int CLOCK_SKEW_SECONDS = 2;

    private static final List<String> TOOLS = List.of("krb5kdc", "kdb5_util", "kadmin.local", "kinit");
    private static final List<Path> SEARCH = List.of(Path.of("/usr/sbin"), Path.of("/usr/bin"), Path.of("/sbin"),
            Path.of("/bin"), Path.of("/usr/local/sbin"), Path.of("/usr/local/bin"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path dir;
    private final int port;
    private final Process watchdog;
    private final Map<String, Path> tools;

    private MitKdc(Path dir, int port, Process watchdog, Map<String, Path> tools) {
        this.dir = dir;
        this.port = port;
        this.watchdog = watchdog;
        this.tools = tools;
    }

    /**
     * {@return the MIT Kerberos programs the fixture needs that this machine lacks (empty when it can run)}
     * Looked for on {@code PATH} and in the sbin directories, which a non-root {@code PATH} often omits.
     */
    public static List<String> missingTools() {
        List<String> missing = new ArrayList<>();
        for (String t : TOOLS) {
            if (find(t).isEmpty()) {
                missing.add(t);
            }
        }
        return missing;
    }

    /** {@return the path of {@code tool}, if installed} @param tool a program name */
    public static Optional<Path> find(String tool) {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String p : path.split(":")) {
                if (!p.isEmpty()) {
                    dirs.add(Path.of(p));
                }
            }
        }
        dirs.addAll(SEARCH);
        for (Path d : dirs) {
            Path f = d.resolve(tool);
            if (Files.isRegularFile(f) && Files.isExecutable(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * Creates the realm in a new temporary directory and starts the KDC.
     *
     * @return the running KDC
     * @throws IOException          if a tool is missing or fails, or the KDC does not start
     * @throws InterruptedException if interrupted while waiting for a tool
     */
    public static MitKdc start() throws IOException, InterruptedException {
        Map<String, Path> tools = new HashMap<>();
        for (String t : TOOLS) {
            tools.put(t, find(t).orElseThrow(() -> new IOException(t + " not found (install krb5-kdc, "
                    + "krb5-admin-server and krb5-user)")));
        }
        Path dir = Files.createTempDirectory("bitsj-kdc-");
        IOException last = null;
        try {
            // The port is picked free and then handed to the KDC: another process may take it in between, so retry.
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = freePort();
                writeConfig(dir, port);
                if (attempt == 0) {
                    createRealm(dir, tools);
                }
                try {
                    Process p = startKdc(dir, tools);
                    waitForPort(p, port, dir);
                    return new MitKdc(dir, port, p, Map.copyOf(tools));
                } catch (IOException e) {
                    last = e;
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
        deleteTree(dir);
        throw last;
    }

    /** {@return the TCP port the KDC listens on (127.0.0.1)} */
    public int port() {
        return port;
    }

    /** {@return the fixture's directory} */
    public Path directory() {
        return dir;
    }

    /** {@return the krb5.conf for clients: MIT's ({@code KRB5_CONFIG}) and the JDK's ({@code java.security.krb5.conf})} */
    public Path krb5Conf() {
        return dir.resolve("krb5.conf");
    }

    /** {@return the keytab holding the keys of {@link #SERVICE_PRINCIPAL}} */
    public Path serviceKeytab() {
        return dir.resolve("http.keytab");
    }

    /** {@return {@code user@REALM}} @param user a user name */
    public static String principal(String user) {
        return user + "@" + REALM;
    }

    /** {@return the password of a fixture user ({@code alice}, {@code bob}, or one added by {@link #addUser})} @param user the user */
    public static String password(String user) {
        return user + "-Pa55word";
    }

    /**
     * Adds a user principal with password {@link #password(String)}.
     *
     * @param user the user name (letters, digits, {@code .-_$})
     * @return {@code user@REALM}
     * @throws IOException          if kadmin.local fails
     * @throws InterruptedException if interrupted
     */
    public String addUser(String user) throws IOException, InterruptedException {
        kadmin("addprinc -pw " + password(user) + " " + user);
        return principal(user);
    }

    /**
     * Writes a keytab for a user without changing the user's password ({@code ktadd -norandkey}), for logins from a
     * keytab.
     *
     * @param user the user
     * @return the keytab
     * @throws IOException          if kadmin.local fails
     * @throws InterruptedException if interrupted
     */
    public Path userKeytab(String user) throws IOException, InterruptedException {
        Path kt = dir.resolve(user + ".keytab");
        if (!Files.exists(kt)) {
            kadmin("ktadd -norandkey -k " + kt + " " + user);
        }
        return kt;
    }

    /**
     * Runs {@code kadmin.local} commands (one per line, as typed at its prompt) against the realm.
     *
     * @param commands the commands
     * @return what kadmin.local printed
     * @throws IOException          if it fails or reports an error
     * @throws InterruptedException if interrupted
     */
    public String kadmin(String... commands) throws IOException, InterruptedException {
        return kadmin(dir, tools, commands);
    }

    /**
     * Obtains a ticket-granting ticket for a user with {@code kinit} into a new ticket cache file.
     *
     * @param user     the user (its password is {@link #password(String)})
     * @param lifetime the ticket lifetime, if not the realm's default (kinit {@code -l})
     * @return the ticket cache file (use as {@code KRB5CCNAME=FILE:<path>} or the JDK's {@code ticketCache})
     * @throws IOException          if kinit fails
     * @throws InterruptedException if interrupted
     */
    public Path kinit(String user, Optional<Duration> lifetime) throws IOException, InterruptedException {
        Path cache = Files.createTempFile(dir, "cc-" + user + "-", "");
        Files.delete(cache); // kinit creates it
        List<String> cmd = new ArrayList<>(List.of(tools.get("kinit").toString()));
        lifetime.ifPresent(l -> cmd.addAll(List.of("-l", Math.max(1, l.toSeconds()) + "s")));
        cmd.add(principal(user));
        run(cmd, env(cache), password(user) + "\n", dir);
        return cache;
    }

    /**
     * {@return the environment for an MIT Kerberos client process (curl, klist) using a ticket cache}
     *
     * @param cache a ticket cache from {@link #kinit}
     */
    public Map<String, String> env(Path cache) {
        Map<String, String> env = new HashMap<>();
        env.put("KRB5_CONFIG", krb5Conf().toString());
        env.put("KRB5_KDC_PROFILE", dir.resolve("kdc.conf").toString());
        env.put("KRB5CCNAME", "FILE:" + cache);
        env.put("KRB5_TRACE", dir.resolve("trace.log").toString());
        return env;
    }

    /** Stops the KDC and deletes its directory. */
    @Override
    public void close() {
        try {
            watchdog.getOutputStream().close(); // the shell kills krb5kdc on end of input
        } catch (IOException e) {
            // already closed
        }
        try {
            if (!watchdog.waitFor(10, TimeUnit.SECONDS)) {
                watchdog.destroyForcibly();
            }
        } catch (InterruptedException e) {
            watchdog.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Path pid = dir.resolve("kdc.pid");
        try {
            if (Files.exists(pid)) {
                long n = Long.parseLong(Files.readString(pid).strip());
                ProcessHandle.of(n).ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (IOException | NumberFormatException e) {
            // the KDC is gone or never wrote its pid
        }
        deleteTree(dir);
    }

    // ---- set-up ----

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void writeConfig(Path dir, int port) throws IOException {
        String kdc = "127.0.0.1:" + port;
        Files.writeString(dir.resolve("krb5.conf"), """
                [libdefaults]
                  default_realm = %1$s
                  dns_lookup_kdc = false
                  dns_lookup_realm = false
                  dns_canonicalize_hostname = false
                  rdns = false
                  udp_preference_limit = 1
                  clockskew = %3$d
                  forwardable = false
                  renew_lifetime = 0
                  ticket_lifetime = 1h
                [realms]
                  %1$s = {
                    kdc = %2$s
                  }
                [domain_realm]
                  localhost = %1$s
                """.formatted(REALM, kdc, CLOCK_SKEW_SECONDS), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("kdc.conf"), """
                [kdcdefaults]
                  kdc_listen = ""
                  kdc_tcp_listen = %2$s
                [realms]
                  %1$s = {
                    database_name = %3$s
                    key_stash_file = %4$s
                    acl_file = %5$s
                    kdc_listen = ""
                    kdc_tcp_listen = %2$s
                    max_life = 1h
                    max_renewable_life = 0
                  }
                [logging]
                  kdc = FILE:%6$s
                """.formatted(REALM, kdc, dir.resolve("principal"), dir.resolve("stash"),
                dir.resolve("kadm5.acl"), dir.resolve("kdc.log")), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("kadm5.acl"), "");
    }

    private static void createRealm(Path dir, Map<String, Path> tools) throws IOException, InterruptedException {
        // -W: the master key from the weak (non-blocking) random source: a throwaway test realm.
        run(List.of(tools.get("kdb5_util").toString(), "create", "-s", "-W", "-r", REALM, "-P",
                "master-" + Long.toHexString(System.nanoTime())), mitEnv(dir), "", dir);
        kadmin(dir, tools,
                "addprinc -pw " + password("alice") + " alice",
                "addprinc -pw " + password("bob") + " bob",
                "addprinc -randkey HTTP/localhost",
                "ktadd -k " + dir.resolve("http.keytab") + " HTTP/localhost");
    }

    private static Process startKdc(Path dir, Map<String, Path> tools) throws IOException {
        // krb5kdc -n stays in the foreground; the shell kills it when its stdin (the JVM's pipe) reaches end of input,
        // which also happens when the JVM dies, and exits with krb5kdc's status when krb5kdc stops by itself.
        String script = """
                exec 3<&0
                "$1" -n -P "$2" &
                k=$!
                ( while read -r _ <&3; do :; done; kill "$k" 2>/dev/null ) &
                wait "$k"
                """;
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script, "sh", tools.get("krb5kdc").toString(),
                dir.resolve("kdc.pid").toString());
        pb.environment().putAll(mitEnv(dir));
        pb.directory(dir.toFile());
        pb.redirectErrorStream(true);
        pb.redirectOutput(dir.resolve("krb5kdc.out").toFile());
        return pb.start();
    }

    private static void waitForPort(Process kdc, int port, Path dir) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!kdc.isAlive()) {
                throw new IOException("krb5kdc exited with " + kdc.exitValue() + ": " + tail(dir.resolve("krb5kdc.out"))
                        + " " + tail(dir.resolve("kdc.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException e) {
                kdc.waitFor(50, TimeUnit.MILLISECONDS); // poll: the KDC is still setting up its sockets
            }
        }
        kdc.getOutputStream().close();
        kdc.destroyForcibly();
        throw new IOException("krb5kdc did not listen on 127.0.0.1:" + port + " within " + START_TIMEOUT);
    }

    private static Map<String, String> mitEnv(Path dir) {
        return Map.of("KRB5_CONFIG", dir.resolve("krb5.conf").toString(),
                "KRB5_KDC_PROFILE", dir.resolve("kdc.conf").toString());
    }

    private static String kadmin(Path dir, Map<String, Path> tools, String... commands)
            throws IOException, InterruptedException {
        String out = run(List.of(tools.get("kadmin.local").toString(), "-r", REALM), mitEnv(dir),
                String.join("\n", commands) + "\n", dir);
        // kadmin.local reads commands from stdin and keeps going after an error; it reports errors in its output.
        for (String line : out.split("\n")) {
            if (line.contains(" while ") || line.startsWith("kadmin.local: ") && !line.startsWith("kadmin.local:  ")) {
                throw new IOException("kadmin.local failed: " + line);
            }
        }
        return out;
    }

    private static String run(List<String> cmd, Map<String, String> env, String stdin, Path dir)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        pb.directory(dir.toFile());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out;
        try (InputStream o = p.getInputStream()) {
            out = o.readAllBytes();
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(cmd.get(0) + " did not finish");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(Path.of(cmd.get(0)).getFileName() + " exited with " + p.exitValue() + ": " + text);
        }
        return text;
    }

    private static String tail(Path f) {
        try {
            String s = Files.readString(f);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is not worth failing a test run for
        }
    }
}
