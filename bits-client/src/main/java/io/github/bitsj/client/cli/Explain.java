// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.cli;

import io.github.bitsj.client.BitsClientException;
import io.github.bitsj.protocol.HResult;
import io.github.bitsj.protocol.PacketType;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLException;

/**
 * A failure in plain words, as curl and bitsadmin say it: the server's answer with its HTTP status, HRESULT name and
 * {@code BITS-Error-Context} (the library's message), or what went wrong on the way (connection refused, unknown
 * host, an untrusted certificate, a timeout) instead of a Java exception name; and a hint where one fits.
 */
final class Explain {
    private Explain() {}

    /** {@return the failure in plain words, with a hint where one fits} */
    static String of(BitsClientException e) {
        String words = e.status() == BitsClientException.NO_STATUS ? transport(e) : null;
        String message = words != null ? words : e.getMessage();
        String hint = hint(e);
        return hint == null ? message : message + "\n  hint: " + hint;
    }

    /** {@return a transport failure in plain words, or null to keep the library's message} */
    private static String transport(BitsClientException e) {
        String prefix = e.getMessage().startsWith("gave up") ? "gave up: " : "";
        String where = where(e.getMessage());
        if (find(e, UnknownHostException.class) != null || find(e, UnresolvedAddressException.class) != null) {
            return prefix + "unknown host " + host(where) + " (check the URL's host name)";
        }
        if (find(e, GeneralSecurityException.class) != null) {
            return prefix + "the server's TLS certificate is not trusted" + (where.isEmpty() ? "" : " at " + where)
                    + ": " + rootMessage(e);
        }
        ConnectException ce = find(e, ConnectException.class);
        if (ce != null && (ce.getMessage() == null || ce.getMessage().toLowerCase().contains("refused")
                || rootMessage(e).toLowerCase().contains("refused"))) {
            return prefix + "connection refused by " + where + " (is the server running, on this port?)";
        }
        if (find(e, HttpTimeoutException.class) != null) {
            return prefix + "no answer from " + where + " in time (" + rootMessage(e) + ")";
        }
        SSLException ssl = find(e, SSLException.class);
        if (ssl != null) {
            return prefix + "TLS failed with " + where + ": " + rootMessage(e);
        }
        return null;
    }

    private static String hint(BitsClientException e) {
        if (e.status() == 401) {
            return "the server wants credentials: -u USER (with --password-env VAR or --password-file FILE), or "
                    + "--negotiate for Kerberos; if you gave them, they were refused";
        }
        if (e.status() == 403 && e.packet().filter(PacketType.CREATE_SESSION::equals).isPresent()) {
            return "the server refuses to create the file: usually the file exists and overwrites are off on the "
                    + "server (choose another name, or have the server allow overwrites), or this user may not "
                    + "upload there";
        }
        if (e.errorCode().filter(HResult.BG_E_TOO_LARGE::equals).isPresent() || e.status() == 413
                && e.packet().filter(PacketType.CREATE_SESSION::equals).isPresent()) {
            return "the file is larger than the server accepts";
        }
        if (e.status() == 404) {
            return "no BITS upload directory at this URL's path (check the path)";
        }
        if (e.status() == BitsClientException.NO_STATUS && find(e, GeneralSecurityException.class) != null) {
            return "give the server's certificate or its CA with --trust-store FILE (PKCS12 or JKS)";
        }
        return null;
    }

    /** The {@code host:port} the library's transport message names ("... sending Ping to HOST:PORT: ..."). */
    private static String where(String message) {
        int to = message.indexOf(" to ");
        if (to < 0) {
            return "";
        }
        int end = message.indexOf(": ", to + 4);
        return message.substring(to + 4, end < 0 ? message.length() : end);
    }

    private static String host(String where) {
        int colon = where.lastIndexOf(':');
        return colon > 0 && where.indexOf(']') < colon ? where.substring(0, colon) : where;
    }

    static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        String m = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !(t instanceof BitsClientException)) {
                m = t.getMessage();
            }
        }
        return m == null ? e.getClass().getSimpleName() : m.replaceAll("[\\r\\n\\t]", " ");
    }
}
