// SPDX-License-Identifier: Apache-2.0
/**
 * A BITS upload server (SDK: BITS IIS Extension Properties) on the JDK's {@code com.sun.net.httpserver}: the library API
 * ({@link io.github.bitsj.server.BitsServer}, {@link io.github.bitsj.server.BitsServerConfig},
 * {@link io.github.bitsj.server.UploadDirectory}, {@link io.github.bitsj.server.UserStore}) and a command line,
 * run with {@code java -m io.github.bitsj.server} or {@code java -jar bits-server-VERSION-all.jar}:
 *
 * <pre>
 * Usage: java -m io.github.bitsj.server [options]
 *        java -jar bits-server-all.jar [options]
 *        java -m io.github.bitsj.server --hash-password USER   (password on stdin)
 *
 * A BITS upload server. Windows clients upload with
 *   bitsadmin /transfer job /upload http://HOST:PORT/upload/NAME C:\file
 *   Start-BitsTransfer -TransferType Upload -Source C:\file `
 *     -Destination http://HOST:PORT/upload/NAME
 *
 * Options (each also a key in a --config properties file; flags win over it):
 *   -b, --bind ADDRESS
 *           address to listen on (0.0.0.0 or :: for all) [default: 127.0.0.1]
 *   -p, --port PORT
 *           port to listen on (0 picks a free one) [default: 8080]
 *   -d, --directory PATH
 *           storage root uploads land in (created if missing) [default:
 *           ./bits-uploads]
 *       --prefix URL-PATH
 *           URL path prefix of the upload directory [default: /upload]
 *       --allow-overwrites
 *           an upload may replace an existing file [default: false]
 *       --uploads-enabled BOOL
 *           accept uploads (false: every request gets 501) [default: true]
 *       --max-upload-size SIZE
 *           largest upload (BITSMaximumUploadSize); larger gets BG_E_TOO_LARGE
 *           [default: 1844674407370955]
 *       --max-fragment-size SIZE
 *           largest fragment body; larger gets 413 [default: 32M]
 *       --session-timeout DURATION
 *           idle time after which a session and its data are removed [default:
 *           14d]
 *       --farm
 *           share the directory with other nodes (server farm on shared storage)
 *           [default: false]
 *       --host-id HOST
 *           BITS-Host-Id returned on Create-Session (server farms) [default: none]
 *       --host-id-fallback-timeout DURATION
 *           BITS-Host-Id-Fallback-Timeout (only with --host-id) [default: 1d]
 *       --strict-ranges
 *           answer overlapping fragments with 416 (MC-BUP) [default: false]
 *       --session-directory NAME
 *           session area under the storage root [default: BITS-Sessions]
 *       --notification-type TYPE
 *           tell a server application of each upload: none, by-reference or
 *           by-value [default: none]
 *       --notification-url URL
 *           the server application's URL, absolute or relative to the upload URL's
 *           directory [default: none]
 *       --notification-command COMMAND
 *           run COMMAND as the server application; its standard output is the
 *           reply [default: none]
 *       --notification-timeout DURATION
 *           how long the server application may take (then 408) [default: 5m]
 *       --notification-credentials-file PATH
 *           file holding USER:PASSWORD, sent as Basic credentials to the
 *           notification URL [default: none]
 *       --forward-credentials
 *           forward the client's Basic credentials to the notification URL
 *           [default: false]
 *       --on-complete COMMAND
 *           run COMMAND after each committed upload (details in BITS_* variables)
 *           [default: none]
 *       --on-complete-timeout DURATION
 *           longest run of --on-complete (then killed) [default: 1m]
 *       --downloads
 *           serve committed files to GET and HEAD (BITS downloads, browsers)
 *           [default: false]
 *       --max-sessions N
 *           most open sessions in total [default: 10000]
 *       --max-sessions-per-user N
 *           most open sessions per authenticated user [default: 50]
 *       --max-requests-per-address N
 *           most requests in progress from one client address (0: off) [default:
 *           256]
 *       --session-creates-per-minute N
 *           most Create-Sessions per client address and minute (0: off) [default:
 *           120]
 *       --max-anonymous-sessions-per-address N
 *           most open anonymous sessions per client address (0: off) [default:
 *           1000]
 *       --max-fragmentless-sessions-per-address N
 *           most sessions without a Fragment per client address (0: off) [default:
 *           100]
 *       --fragmentless-session-timeout DURATION
 *           idle time after which a session that never got a Fragment is removed
 *           [default: 15m]
 *       --login-failures-per-address N
 *           failed logins from one address before its logins back off (0: off)
 *           [default: 20]
 *       --login-failures-per-user N
 *           failed logins for one user before its logins back off (0: off)
 *           [default: 10]
 *       --login-backoff DURATION
 *           how long logins back off after the last failure (then 503) [default:
 *           1m]
 *       --max-password-checks N
 *           most password verifications at once [default: 2]
 *       --sweep-interval DURATION
 *           how often idle sessions are looked for [default: 1m]
 *       --shutdown-grace DURATION
 *           on SIGTERM, how long in-flight requests may finish [default: 30s]
 *       --durable-writes
 *           fsync each fragment before its Ack (power-loss safe; slower) [default:
 *           false]
 *       --allow-unsafe-paths
 *           start where directories cannot be held open (no SecureDirectoryStream,
 *           e.g. Windows) [default: false]
 *       --legacy-error-header
 *           also send MC-BUP's BITS-Error header [default: false]
 *       --tls-keystore PATH
 *           serve HTTPS with this PKCS12 keystore; password from
 *           $BITS_TLS_KEYSTORE_PASSWORD or --tls-keystore-password-file [default:
 *           none]
 *       --tls-keystore-password-file PATH
 *           file holding the keystore password [default: none]
 *       --users-file PATH
 *           require HTTP Basic authentication against this users file (see
 *           --hash-password) [default: none]
 *       --realm TEXT
 *           Basic authentication realm [default: BITS]
 *       --auth SCHEMES
 *           require negotiate, basic or negotiate,basic (unset: basic with
 *           --users-file, else none) [default: none]
 *       --allow-principals LIST
 *           Kerberos principals negotiate admits: * (any), @REALM, user@REALM,
 *           comma-separated [default: *]
 *       --keytab PATH
 *           keytab holding the service principal's keys (for negotiate) [default:
 *           none]
 *       --service-principal NAME
 *           HTTP/host.example.com@REALM, or * for any in the keytab (unset: HTTP/
 *           + the --bind host name) [default: none]
 *       --krb5-conf PATH
 *           Kerberos configuration for the JVM (java.security.krb5.conf; unset:
 *           /etc/krb5.conf) [default: none]
 *       --session-id-as-credential
 *           packets after an authenticated Create-Session may come without
 *           credentials [default: false]
 *       --engine ENGINE
 *           HTTP engine: jetty (bundled; strict, per-server limits) or jdk (the
 *           JDK's built-in server) [default: jetty]
 *       --max-connections N
 *           most open connections [default: 10000]
 *       --idle-timeout DURATION
 *           a connection silent this long (between or within requests) is closed
 *           [default: 30s]
 *       --max-header-count N
 *           most request header lines [default: 100]
 *       --max-header-size SIZE
 *           largest request header section [default: 64K]
 *       --min-request-data-rate SIZE
 *           slowest request body, bytes a second averaged, after the grace period
 *           (0: none) [default: 4K]
 *       --min-data-rate-grace DURATION
 *           how long a request may be slower than --min-request-data-rate
 *           [default: 20s]
 *       --max-request-time DURATION
 *           jdk engine: longest time to receive one request (unset: the grace
 *           period + the largest fragment at the minimum rate, at most 5m)
 *           [default: none]
 *       --max-response-time DURATION
 *           jdk engine: longest time to send one response (unset: 2m) [default:
 *           none]
 *       --metrics
 *           serve GET /metrics (Prometheus text format) and GET /health [default:
 *           false]
 *       --metrics-path URL-PATH
 *           path of the metrics endpoint [default: /metrics]
 *       --health-path URL-PATH
 *           path of the health endpoint [default: /health]
 *       --metrics-bind ADDRESS:PORT
 *           serve /metrics and /health on this separate listener (unset: the
 *           upload listener) [default: none]
 *       --min-free-space SIZE
 *           /health answers 503 when a storage root has less free space [default:
 *           100M]
 *       --log-format FORMAT
 *           console log lines: text or json (one object a line) [default: text]
 *   -v, --verbose
 *           log every fragment (DEBUG) [default: false]
 *   -c, --config PATH
 *           properties file with any of these keys (flags win) [default: none]
 *   -h, --help
 *           this text
 *       --version
 *           print the version
 *       --hash-password USER
 *           print a users-file line for USER (password on stdin)
 *
 * SIZE: a number of bytes with an optional suffix K, M, G or T (K = 1024): 512,
 * 64K, 10M, 10G.
 * DURATION: a number with unit ms, s, m, h or d (no unit: seconds): 30s, 5m, 14d.
 * COMMAND: a program and its arguments separated by spaces, run without a shell;
 * it learns of the upload from BITS_FILE, BITS_SIZE, BITS_DESTINATION,
 * BITS_PRINCIPAL, BITS_SESSION_ID, BITS_URL and BITS_QUERY. A
 * --notification-command exits 0 for success, 4 to refuse the upload (403), else
 * it failed (500). With a server application, the jdk engine's request and
 * response times are raised to at least --notification-timeout + 30s: the final
 * Fragment's answer waits for the application. --max-request-time and
 * --max-response-time are the jdk engine's; with jetty they are refused.
 * More upload directories: in the --config file, directory.N.path=PATH and
 * directory.N.prefix=/URL-PATH (N = 1, 2, ...) declare one each; directory.N.KEY
 * sets a per-directory option KEY (e.g. directory.2.allow-overwrites=true), the
 * other options apply to all.
 * Secrets never go on the command line: the keystore password comes from the
 * environment variable BITS_TLS_KEYSTORE_PASSWORD or --tls-keystore-password-file.
 * With --engine jdk, -Dsun.net.httpserver.* and -Djdk.httpserver.* given to the
 * JVM win over the limit options above.
 * On SIGTERM the server finishes in-flight requests and keeps incomplete sessions
 * resumable.
 * Exit codes: 0 done, 1 failed (e.g. the port is in use), 2 bad command line or
 * configuration.
 * </pre>
 */
module io.github.bitsj.server {
    requires transitive io.github.bitsj.protocol;
    requires jdk.httpserver;
    requires java.net.http;
    requires java.logging;
    requires java.security.jgss;   // Negotiate: org.ietf.jgss, javax.security.auth.kerberos
    requires static jdk.jfr;
    // The Jetty engine (HttpEngine.JETTY): optional; only internal.jetty touches it, loaded when Jetty is chosen.
    requires static org.eclipse.jetty.http.spi;
    requires static org.eclipse.jetty.server;
    requires static org.eclipse.jetty.http;
    requires static org.eclipse.jetty.io;
    requires static org.eclipse.jetty.util;
    requires static org.slf4j;
    exports io.github.bitsj.server;
    // SLF4J instantiates the forwarding provider reflectively (system property slf4j.provider, set by the CLI)
    exports io.github.bitsj.server.internal.jetty to org.slf4j;
}
