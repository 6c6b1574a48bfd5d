// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.cli;

import io.github.bitsj.server.BitsServer;
import io.github.bitsj.server.UploadDirectory;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What the command line prints once the server listens: the URLs a remote Windows machine can use (every
 * non-loopback interface address when bound to all interfaces), a hint when bound to loopback only (as the JDK's
 * {@code jwebserver} prints), and paste-ready {@code bitsadmin} and {@code Start-BitsTransfer} lines.
 */
final class Banner {
    private Banner() {}

    static void print(PrintWriter out, String version, BitsServer server) {
        InetAddress bound = server.config().bindAddress().getAddress();
        String scheme = server.uri().getScheme();
        int port = server.port();
        List<String> hosts = new ArrayList<>();
        if (bound.isAnyLocalAddress()) {
            hosts.addAll(interfaceHosts(bound instanceof Inet6Address));
            out.println("bits-server " + version + " listening on all interfaces, port " + port);
        } else {
            hosts.add(host(bound));
            out.println("bits-server " + version + " listening on " + server.uri());
        }
        if (bound.isLoopbackAddress()) {
            out.println("Bound to loopback only: other machines cannot connect. To serve them, use -b 0.0.0.0 (all"
                    + " IPv4 interfaces) or -b :: (all interfaces).");
        }
        if (hosts.isEmpty()) {
            hosts.add(host(InetAddress.getLoopbackAddress()));
        }
        for (UploadDirectory d : server.config().directories()) {
            String prefix = d.urlPrefix();
            out.println("Uploads to " + (prefix.isEmpty() ? "/" : prefix + "/") + "NAME are stored in "
                    + d.storageRoot().toAbsolutePath().normalize() + " at:");
            for (String h : hosts) {
                out.println("  " + base(scheme, h, port, prefix));
            }
        }
        String example = base(scheme, hosts.get(0), port, server.config().directories().get(0).urlPrefix())
                + "file.bin";
        out.println("From Windows (cmd or PowerShell):");
        out.println("  bitsadmin /transfer job /upload " + example + " C:\\path\\file.bin");
        out.println("  Start-BitsTransfer -TransferType Upload -Source C:\\path\\file.bin -Destination " + example);
        if (server.config().monitoring().enabled()) {
            URI ops = server.opsUri();
            out.println("Metrics: " + ops.resolve(server.config().monitoring().metricsPath()) + "   health: "
                    + ops.resolve(server.config().monitoring().healthPath()));
        }
    }

    private static String base(String scheme, String host, int port, String prefix) {
        return scheme + "://" + host + ":" + port + (prefix.isEmpty() ? "/" : prefix + "/");
    }

    /** A URL host: an IPv6 address in brackets, without its scope. */
    static String host(InetAddress a) {
        String ip = a.getHostAddress();
        if (a instanceof Inet6Address) {
            int pct = ip.indexOf('%');
            return "[" + (pct >= 0 ? ip.substring(0, pct) : ip).toLowerCase(Locale.ROOT) + "]";
        }
        return ip;
    }

    /** The addresses of the up, non-loopback interfaces: IPv4 first, then (bound to {@code ::}) global IPv6. */
    static List<String> interfaceHosts(boolean ipv6) {
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!ni.isUp() || ni.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        v4.add(host(a));
                    } else if (ipv6 && !a.isLinkLocalAddress() && !a.isLoopbackAddress()) {
                        v6.add(host(a));
                    }
                }
            }
        } catch (SocketException e) {
            // no interface list: the caller falls back to loopback
        }
        v4.addAll(v6);
        return v4;
    }
}
