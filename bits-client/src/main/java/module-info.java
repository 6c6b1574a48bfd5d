// SPDX-License-Identifier: Apache-2.0
/**
 * A BITS upload client on {@code java.net.http}: the library ({@code io.github.bitsj.client})
 * and the {@code bits-client} command line ({@code io.github.bitsj.client.cli.Main}, not exported;
 * {@code java -cp bits-client.jar:bits-protocol.jar io.github.bitsj.client.cli.Main --help}):
 *
 * <pre>
 * Usage: bits-client upload FILE URL [options]
 *        bits-client upload-reply FILE URL --reply OUT [options]
 *        bits-client cancel URL SESSION-ID [options]
 *        bits-client cancel --state STATE-FILE [options]
 *        bits-client check URL [check options] (conformance kit: check --help)
 *
 * Uploads FILE to URL with the BITS Upload Protocol (resumes, resynchronises,
 *   retries transient errors).
 *
 * Options:
 *   -f, --fragment-size SIZE      fixed fragment size, 5K..13M (default:
 *                                 adaptive, growing to 13M)
 *       --max-fragment-size SIZE  largest adaptive fragment (default 13M)
 *   -r, --reply OUT               where upload-reply writes the reply
 *   -u, --user NAME               user name; the password is prompted (never
 *                                 echoed) unless given by
 *       --password-env VAR        the environment variable VAR, or
 *       --password-file FILE      the first line of FILE
 *       --negotiate               answer a Negotiate challenge with Kerberos
 *                                 (kinit's ticket cache)
 *       --keytab FILE             Kerberos key of --principal from FILE (implies
 *                                 --negotiate)
 *       --principal NAME          Kerberos principal user@REALM (implies
 *                                 --negotiate)
 *       --trust-store FILE        trust store (PKCS12 or JKS) for https
 *       --trust-store-password-env VAR
 *                                 its password, from the environment
 *   -H, --header 'NAME: VALUE'    extra header on every request (repeatable)
 *       --state FILE              keep the job state in FILE; a later run resumes
 *                                 the session
 *       --retry-delay TIME        first wait after a transient error (default 5s)
 *       --give-up-after TIME      fail after this long without progress (default
 *                                 14d, as BITS; 2m in a terminal; 0 = never
 *                                 retry)
 *       --timeout TIME            per-request response timeout (default 5m)
 *       --progress bar|lines|none
 *                                 progress display (default: bar on a terminal,
 *                                 else lines)
 *   -q, --quiet                   no progress, only errors
 *   -h, --help                    this text
 *       --version                 the version
 *
 * SIZE: bytes, or a number with K, M or G (1024-based): 16K, 13M.
 * TIME: a number with ms, s, m, h or d: 500ms, 30s, 5m, 14d; a bare number is
 *   seconds.
 * The password never goes on the command line.
 * --timeout bounds every exchange as a whole: connect, send, and the Ack (whose
 *   body is never awaited).
 * After a fatal error, on giving up and on Ctrl-C the session is cancelled on the
 *   server, unless --state keeps it for a later run (Ctrl-C then prints the
 *   command that resumes it).
 * Kerberos: the ticket cache is $KRB5CCNAME (FILE: caches) or /tmp/krb5cc_UID;
 *   the configuration is -Djava.security.krb5.conf, else $KRB5_CONFIG, else
 *   /etc/krb5.conf.
 * Exit codes: 0 done, 1 failed (the server refused the job, or a local file
 *   problem), 2 bad usage, 3 gave up after transient errors, 4 cancelled
 *   (Ctrl-C).
 * </pre>
 */
module io.github.bitsj.client {
    requires transitive io.github.bitsj.protocol;
    requires java.net.http;
    requires java.logging;   // the command line quiets the library log on the terminal
    requires java.security.jgss;   // Negotiate: org.ietf.jgss, javax.security.auth.kerberos
    requires jdk.security.auth;    // Negotiate: the JDK's Krb5LoginModule, found by JAAS as a service
    exports io.github.bitsj.client;
}
