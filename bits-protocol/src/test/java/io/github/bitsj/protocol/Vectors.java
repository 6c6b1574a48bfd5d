// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.UUID;

/**
 * The wire vectors of MC-BUP §4, byte for byte apart from layout: the MC-BUP §4.1 trace ([T4.1], plain upload, IIS 6 +
 * BITS 2.5 client), the MC-BUP §4.2 trace ([T4.2], upload-reply through a web farm), the Cancel-Session layout of
 * MC-BUP §2.2.10 (no trace exists) and the error Ack of MC-BUP §2.2.1.2. Lines end in CR as on the wire.
 */
final class Vectors {
    private Vectors() {}

    static final SessionId T41_SESSION = new SessionId("{A0FF5911-4144-45B3-BF27-27AFC8EC8A67}");
    static final SessionId T42_SESSION = new SessionId("{C85B4E0A-9EB9-4114-BFA4-8A43B4710091}");
    static final UUID T42_SESSION_GUID = UUID.fromString("c85b4e0a-9eb9-4114-bfa4-8a43b4710091"); // test constant

    // ---------------------------------------------------------------- [T4.1] requests (MC-BUP §2.2.4, §2.2.8)

    /** MC-BUP §2.2.4. */
    static final String T41_PING = """
            BITS_POST /upload/2000mb-rfc2119.txt HTTP/1.1\r
            Accept: */*\r
            BITS-Packet-Type: Ping\r
            User-Agent: Microsoft BITS/6.7\r
            Host: frankcao8\r
            Content-Length: 0\r
            Connection: Keep-Alive\r
            \r
            """;

    /** MC-BUP §2.2.2. */
    static final String T41_CREATE_SESSION = """
            BITS_POST /upload/2000mb-rfc2119.txt HTTP/1.1\r
            Accept: */*\r
            BITS-Packet-Type: Create-Session\r
            BITS-Supported-Protocols: {7df0354d-249b-430f-820d-3d2a9bef4931}\r
            Content-Name: rfc2119.txt\r
            User-Agent: Microsoft BITS/6.7\r
            Host: frankcao8\r
            Content-Length: 0\r
            Connection: Keep-Alive\r
            \r
            """;

    /** MC-BUP §2.2.6 (the 4892 body bytes stay in the I/O layer). */
    static final String T41_FRAGMENT = """
            BITS_POST /upload/2000mb-rfc2119.txt HTTP/1.1\r
            Accept: */*\r
            BITS-Packet-Type: Fragment\r
            BITS-Session-Id: {A0FF5911-4144-45B3-BF27-27AFC8EC8A67}\r
            Content-Name: rfc2119.txt\r
            Content-Range: bytes 0-4891/4892\r
            User-Agent: Microsoft BITS/6.7\r
            Host: frankcao8\r
            Content-Length: 4892\r
            Connection: Keep-Alive\r
            \r
            """;

    /** MC-BUP §2.2.8. */
    static final String T41_CLOSE_SESSION = """
            BITS_POST /upload/2000mb-rfc2119.txt HTTP/1.1\r
            Accept: */*\r
            BITS-Packet-Type: Close-Session\r
            BITS-Session-Id: {A0FF5911-4144-45B3-BF27-27AFC8EC8A67}\r
            Content-Name: rfc2119.txt\r
            User-Agent: Microsoft BITS/6.7\r
            Host: frankcao8\r
            Content-Length: 0\r
            Connection: Keep-Alive\r
            \r
            """;

    /** MC-BUP §2.2.10: layout per SDK/MC-BUP, no trace published. */
    static final String CANCEL_SESSION = """
            BITS_POST /upload/f.bin HTTP/1.1\r
            BITS-Packet-Type: Cancel-Session\r
            BITS-Session-Id: {A0FF5911-4144-45B3-BF27-27AFC8EC8A67}\r
            Content-Length: 0\r
            \r
            """;

    // ---------------------------------------------------------------- [T4.1] Acks (MC-BUP §2.2.5, §2.2.9)

    /** MC-BUP §2.2.5. */
    static final String T41_PING_ACK = """
            HTTP/1.1 200 OK\r
            Date: Mon, 18 Jun 2007 21:02:02 GMT\r
            Server: Microsoft-IIS/6.0\r
            Pragma: no-cache\r
            BITS-Packet-Type: Ack\r
            Content-Length: 0\r
            \r
            """;

    /**
     * MC-BUP §2.2.3: "[T4.1] is identical minus the two Host-Id lines"; reconstructed with the [T4.1] session id of
     * MC-BUP §2.2.2 step 4 (Date line left out).
     */
    static final String T41_CREATE_SESSION_ACK = """
            HTTP/1.1 200 OK\r
            Server: Microsoft-IIS/6.0\r
            Pragma: no-cache\r
            BITS-Packet-Type: Ack\r
            BITS-Protocol: {7df0354d-249b-430f-820d-3d2a9bef4931}\r
            BITS-Session-Id: {A0FF5911-4144-45B3-BF27-27AFC8EC8A67}\r
            Content-Length: 0\r
            Accept-encoding: identity\r
            \r
            """;

    /** MC-BUP §2.2.7, plain upload. */
    static final String T41_FRAGMENT_ACK = """
            HTTP/1.1 200 OK\r
            Date: Mon, 18 Jun 2007 21:02:01 GMT\r
            Server: Microsoft-IIS/6.0\r
            Pragma: no-cache\r
            BITS-Packet-Type: Ack\r
            Content-Length: 0\r
            BITS-Received-Content-Range: 4892\r
            \r
            """;

    /** MC-BUP §2.2.9. */
    static final String T41_CLOSE_SESSION_ACK = """
            HTTP/1.1 200 OK\r
            Date: Mon, 18 Jun 2007 21:02:02 GMT\r
            Server: Microsoft-IIS/6.0\r
            Pragma: no-cache\r
            BITS-Packet-Type: Ack\r
            Content-Length: 0\r
            \r
            """;

    /** MC-BUP §2.2.11: "same shape as MC-BUP §2.2.9", here with the SDK's session-id echo. */
    static final String CANCEL_SESSION_ACK = """
            HTTP/1.1 200 OK\r
            Pragma: no-cache\r
            BITS-Packet-Type: Ack\r
            BITS-Session-Id: {A0FF5911-4144-45B3-BF27-27AFC8EC8A67}\r
            Content-Length: 0\r
            \r
            """;

    // ---------------------------------------------------------------- [T4.2] (MC-BUP §1.3.3, §4.2, §2.2.3, §2.2.7, §3.3.5.2.6)

    /** MC-BUP §1.3.3, §4.2: Create-Session to the original host. */
    static final String T42_CREATE_SESSION = """
            BITS_POST /upload-ref-isapi-WebFarm/2100mb-rfc2119.txt HTTP/1.1\r
            Accept: */*\r
            BITS-Packet-Type: Create-Session\r
            BITS-Supported-Protocols: {7df0354d-249b-430f-820d-3d2a9bef4931}\r
            Content-Name: rfc2119.txt\r
            User-Agent: Microsoft BITS/6.7\r
            Host: frankcao8\r
            Content-Length: 0\r
            Connection: Keep-Alive\r
            \r
            """;

    /** MC-BUP §2.2.3 ([T4.2]). */
    static final String T42_CREATE_SESSION_ACK = """
            HTTP/1.1 200 OK\r
            Date: Mon, 18 Jun 2007 21:11:57 GMT\r
            Server: Microsoft-IIS/6.0\r
            Pragma: no-cache\r
            BITS-Packet-Type: Ack\r
            BITS-Protocol: {7df0354d-249b-430f-820d-3d2a9bef4931}\r
            BITS-Session-Id: {C85B4E0A-9EB9-4114-BFA4-8A43B4710091}\r
            BITS-Host-Id: FRANKCAO8\r
            BITS-Host-Id-Fallback-Timeout: 110\r
            Content-Length: 0\r
            Accept-encoding: identity\r
            \r
            """;

    /** MC-BUP §1.3.3, §4.2: Ping to the node named in BITS-Host-Id. */
    static final String T42_PING = """
            BITS_POST /upload-ref-isapi-WebFarm/2100mb-rfc2119.txt HTTP/1.1\r
            Accept: */*\r
            BITS-Packet-Type: Ping\r
            User-Agent: Microsoft BITS/6.7\r
            Host: FRANKCAO8\r
            Content-Length: 0\r
            Connection: Keep-Alive\r
            \r
            """;

    /** MC-BUP §1.3.3, §4.2: the one fragment, bytes 0-4891/4892. */
    static final String T42_FRAGMENT = """
            BITS_POST /upload-ref-isapi-WebFarm/2100mb-rfc2119.txt HTTP/1.1\r
            Accept: */*\r
            BITS-Packet-Type: Fragment\r
            BITS-Session-Id: {C85B4E0A-9EB9-4114-BFA4-8A43B4710091}\r
            Content-Name: rfc2119.txt\r
            Content-Range: bytes 0-4891/4892\r
            User-Agent: Microsoft BITS/6.7\r
            Host: FRANKCAO8\r
            Content-Length: 4892\r
            Connection: Keep-Alive\r
            \r
            """;

    /** MC-BUP §2.2.7 / §6.5.6: the final Ack with the IIS relative reply URL. */
    static final String T42_FINAL_FRAGMENT_ACK = """
            HTTP/1.1 200 OK\r
            Date: Mon, 18 Jun 2007 21:12:01 GMT\r
            Server: Microsoft-IIS/6.0\r
            Pragma: no-cache\r
            BITS-Packet-Type: Ack\r
            Content-Length: 0\r
            BITS-Received-Content-Range: 4892\r
            BITS-Reply-URL: BITS-Sessions\\Replies\\{C85B4E0A-9EB9-4114-BFA4-8A43B4710091}\\responsefile.bin\r
            \r
            """;

    /** MC-BUP §1.3.3, §4.2: Close-Session to the node, after the reply download. */
    static final String T42_CLOSE_SESSION = """
            BITS_POST /upload-ref-isapi-WebFarm/2100mb-rfc2119.txt HTTP/1.1\r
            Accept: */*\r
            BITS-Packet-Type: Close-Session\r
            BITS-Session-Id: {C85B4E0A-9EB9-4114-BFA4-8A43B4710091}\r
            Content-Name: rfc2119.txt\r
            User-Agent: Microsoft BITS/6.7\r
            Host: FRANKCAO8\r
            Content-Length: 0\r
            Connection: Keep-Alive\r
            \r
            """;

    // ---------------------------------------------------------------- MC-BUP §2.2.1.2 error Ack

    /** MC-BUP §2.2.1.2: session lost, IIS style. */
    static final String SESSION_NOT_FOUND_ACK = """
            HTTP/1.1 500 Internal Server Error\r
            Pragma: no-cache\r
            BITS-Packet-Type: Ack\r
            BITS-Session-Id: {A0FF5911-4144-45B3-BF27-27AFC8EC8A67}\r
            BITS-Error-Code: 0x8020001F\r
            BITS-Error-Context: 0x5\r
            Content-Length: 0\r
            \r
            """;

    static final String REPLY_URL =
            "BITS-Sessions\\Replies\\{C85B4E0A-9EB9-4114-BFA4-8A43B4710091}\\responsefile.bin";
}
