// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.cli;

import io.github.bitsj.client.BitsClient;
import io.github.bitsj.client.FragmentPolicy;
import io.github.bitsj.client.KerberosLogin;
import io.github.bitsj.client.RetryPolicy;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the {@link BitsClient} the command line asks for: policies, timeout, headers, credentials (the password from
 * the environment, a file or a prompt, never the command line; or Kerberos for Negotiate) and the trust store. Options left out keep the
 * library's defaults.
 */
final class ClientFactory {
    /**
     * The no-progress timeout in an interactive terminal: a person waiting at a prompt wants an answer, not BITS'
     * two weeks of retries (which scripts keep).
     */
    static final Duration INTERACTIVE_GIVE_UP = Duration.ofMinutes(2);

    private ClientFactory() {}

    static BitsClient build(Options o, Map<String, String> env, Console console)
            throws IOException, GeneralSecurityException, UsageException {
        BitsClient.Builder b = BitsClient.newBuilder();
        if (o.fragmentSize != null) {
            b.fragmentPolicy(FragmentPolicy.fixed(o.fragmentSize));
        } else if (o.maxFragmentSize != null) {
            b.fragmentPolicy(FragmentPolicy.adaptive(Math.min(FragmentPolicy.DEFAULT_INITIAL_SIZE, o.maxFragmentSize),
                    o.maxFragmentSize));
        }
        b.retryPolicy(retryPolicy(o, console != null));
        if (o.timeout != null) {
            if (o.timeout.isZero()) {
                throw new UsageException("invalid value for --timeout: 0");
            }
            Duration t = o.timeout;
            b.requestTimeout(t);   // connect, send and the Ack's headers (an Ack's body is never waited for)
            if (t.compareTo(BitsClient.DEFAULT_CONNECT_TIMEOUT) < 0) {
                b.connectTimeout(t);
            }
        }
        for (String[] h : o.headers) {
            try {
                b.header(h[0], h[1]);
            } catch (IllegalArgumentException e) {
                throw new UsageException("invalid header " + h[0] + ": " + e.getMessage());
            }
        }
        if (o.user != null && o.negotiate) {
            throw new UsageException("--user (Basic) and --negotiate exclude each other");
        }
        if (o.user != null) {
            char[] password = password(o, env, console);
            try {
                b.credentials(o.user, password);
            } catch (IllegalArgumentException e) {
                throw new UsageException("invalid value for --user: " + e.getMessage());
            } finally {
                Arrays.fill(password, '\0');
            }
        } else if (o.passwordEnv != null || o.passwordFile != null) {
            throw new UsageException("a password option needs --user");
        }
        if (o.negotiate) {
            b.negotiate(kerberosLogin(o));
        }
        if (o.trustStore != null) {
            b.sslContext(trust(o, env));
        }
        return b.build();
    }

    /** Where the Kerberos credentials come from: a keytab for --principal, else the ticket cache. */
    static KerberosLogin kerberosLogin(Options o) throws UsageException {
        try {
            if (o.keytab != null) {
                if (o.principal == null) {
                    throw new UsageException("--keytab needs --principal");
                }
                if (!Files.isReadable(Path.of(o.keytab))) {
                    throw new UsageException("cannot read the keytab " + o.keytab);
                }
                return KerberosLogin.keytab(Path.of(o.keytab), o.principal);
            }
            KerberosLogin cache = KerberosLogin.defaultTicketCache();
            return o.principal == null ? cache : cache.expectingPrincipal(o.principal);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value for --principal: " + e.getMessage());
        }
    }

    /**
     * Points the JDK's Kerberos at {@code $KRB5_CONFIG} (the MIT tools' variable, which {@code kinit} used) unless
     * {@code -Djava.security.krb5.conf} is given: a JVM-global property the JDK reads once, so only {@code main}
     * calls this, before any Kerberos use.
     */
    static void useKrb5Config(Map<String, String> env) {
        String v = env.get("KRB5_CONFIG");
        if (v != null && !v.isEmpty() && System.getProperty("java.security.krb5.conf") == null) {
            int colon = v.indexOf(':');   // MIT allows a list; the JDK reads one file
            System.setProperty("java.security.krb5.conf", colon < 0 ? v : v.substring(0, colon));
        }
    }

    /**
     * The library's retry policy with the first delay and the no-progress timeout the options give; without
     * {@code --give-up-after}, {@link #INTERACTIVE_GIVE_UP} in a terminal, else the library's (BITS') default.
     */
    static RetryPolicy retryPolicy(Options o, boolean interactive) {
        RetryPolicy d = RetryPolicy.defaults();
        Duration first = o.retryDelay == null ? d.initialDelay() : o.retryDelay;
        Duration giveUp = o.giveUpAfter != null ? o.giveUpAfter
                : interactive ? INTERACTIVE_GIVE_UP : d.noProgressTimeout();
        return RetryPolicy.newBuilder()
                .initialDelay(first)
                .maxDelay(first.compareTo(d.maxDelay()) > 0 ? first : d.maxDelay())
                .noProgressTimeout(giveUp)
                .build();
    }

    /** {@return the TLS context the options ask for: the trust store's, else the JDK's default} */
    static SSLContext sslContext(Options o, Map<String, String> env)
            throws IOException, GeneralSecurityException, UsageException {
        return o.trustStore != null ? trust(o, env) : SSLContext.getDefault();
    }

    private static SSLContext trust(Options o, Map<String, String> env)
            throws IOException, GeneralSecurityException, UsageException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        char[] pw = null;
        if (o.trustStorePasswordEnv != null) {
            String v = env.get(o.trustStorePasswordEnv);
            if (v == null) {
                throw new UsageException("environment variable " + o.trustStorePasswordEnv + " is not set");
            }
            pw = v.toCharArray();
        }
        try (InputStream in = Files.newInputStream(Path.of(o.trustStore))) {
            ks.load(in, pw);
        }
        if (ks.size() == 0) {
            throw new UsageException("trust store " + o.trustStore + " holds no certificate we can read"
                    + (pw == null ? " (does it need --trust-store-password-env?)" : ""));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static char[] password(Options o, Map<String, String> env, Console console)
            throws IOException, UsageException {
        if (o.passwordEnv != null) {
            String v = env.get(o.passwordEnv);
            if (v == null) {
                throw new UsageException("environment variable " + o.passwordEnv + " is not set");
            }
            return v.toCharArray();
        }
        if (o.passwordFile != null) {
            List<String> lines = Files.readAllLines(Path.of(o.passwordFile), StandardCharsets.UTF_8);
            return lines.isEmpty() ? new char[0] : lines.get(0).toCharArray();
        }
        if (console == null) {
            throw new UsageException("--user needs --password-env, --password-file or a terminal to prompt on");
        }
        char[] pw = console.readPassword("Password for %s: ", o.user);
        if (pw == null) {
            throw new UsageException("no password given");
        }
        return pw;
    }
}
