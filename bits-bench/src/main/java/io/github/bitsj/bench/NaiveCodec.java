// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.bench;

import io.github.bitsj.protocol.CancelSession;
import io.github.bitsj.protocol.CloseSession;
import io.github.bitsj.protocol.CloseSessionAck;
import io.github.bitsj.protocol.ContentRange;
import io.github.bitsj.protocol.CreateSession;
import io.github.bitsj.protocol.CreateSessionAck;
import io.github.bitsj.protocol.ErrorAck;
import io.github.bitsj.protocol.ErrorContext;
import io.github.bitsj.protocol.Fragment;
import io.github.bitsj.protocol.FragmentAck;
import io.github.bitsj.protocol.HResult;
import io.github.bitsj.protocol.HeaderLookup;
import io.github.bitsj.protocol.Ping;
import io.github.bitsj.protocol.PingAck;
import io.github.bitsj.protocol.ProtocolId;
import io.github.bitsj.protocol.Request;
import io.github.bitsj.protocol.Response;
import io.github.bitsj.protocol.SessionId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The baseline the codec is measured against: how BITS headers are typically decoded with the JDK's text tools —
 * precompiled regular expressions, {@code String.split}, {@code Long.parseLong}, {@code UUID.fromString} — producing
 * the same records and checking about the same rules (but leniently, see STYLE §1.4 item 9, and by throwing). It is
 * never used outside benchmarks: it exists so the codec's speed is a ratio measured in the same run.
 */
final class NaiveCodec {
    private NaiveCodec() {}

    private static final Pattern RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern SESSION_ID = Pattern.compile("\\p{Graph}{1,100}");
    private static final Pattern CONTENT_NAME = Pattern.compile("[^\\\\/:*?\"<>|]{1,260}");
    private static final Pattern PROTOCOL_SEPARATORS = Pattern.compile("[ ,]+");

    /** Decodes a request or throws {@link IllegalArgumentException}. */
    static Request decodeRequest(String method, String target, HeaderLookup h) {
        if (!"BITS_POST".equals(method) || target.isEmpty()) {
            throw new IllegalArgumentException("not BITS_POST");
        }
        String type = one(h, "BITS-Packet-Type").toLowerCase(Locale.ROOT);
        long contentLength = Long.parseLong(one(h, "Content-Length"));
        switch (type) {
            case "ping":
                return new Ping();
            case "create-session": {
                String[] parts = PROTOCOL_SEPARATORS.split(one(h, "BITS-Supported-Protocols"));
                List<ProtocolId> ids = new ArrayList<>(parts.length);
                for (String p : parts) {
                    ids.add(protocol(p));
                }
                return new CreateSession(ids, contentName(h));
            }
            case "fragment": {
                SessionId id = session(h);
                Matcher m = RANGE.matcher(one(h, "Content-Range"));
                if (!m.matches()) {
                    throw new IllegalArgumentException("bad Content-Range");
                }
                long first = Long.parseLong(m.group(1));
                long last = Long.parseLong(m.group(2));
                long total = Long.parseLong(m.group(3));
                if (last < first || last >= total || last - first + 1 != contentLength) {
                    throw new IllegalArgumentException("bad range");
                }
                return new Fragment(id, new ContentRange(first, last, total), contentName(h), Optional.empty());
            }
            case "close-session":
                return new CloseSession(session(h), contentName(h));
            case "cancel-session":
                return new CancelSession(session(h), contentName(h));
            default:
                throw new IllegalArgumentException("unknown packet type");
        }
    }

    /** Decodes the answer to {@code sent} or throws {@link IllegalArgumentException}. */
    static Response decodeResponse(Request sent, int status, HeaderLookup h) {
        if (status < 200 || status > 299) {
            List<String> codes = h.values("BITS-Error-Code");
            Optional<HResult> code = codes.isEmpty() ? Optional.empty()
                    : Optional.of(new HResult((int) Long.parseLong(codes.get(0).trim().substring(2), 16)));
            List<String> contexts = h.values("BITS-Error-Context");
            Optional<ErrorContext> context = contexts.isEmpty() ? Optional.empty()
                    : ErrorContext.of(Long.parseLong(contexts.get(0).trim().substring(2), 16));
            return new ErrorAck(status, code, context, Optional.empty(), OptionalLong.empty());
        }
        if (!"ack".equals(one(h, "BITS-Packet-Type").toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("not an Ack");
        }
        return switch (sent) {
            case Ping p -> new PingAck();
            case CreateSession c -> {
                ProtocolId protocol = protocol(one(h, "BITS-Protocol"));
                List<String> encodings = new ArrayList<>(1);
                for (String line : h.values("Accept-Encoding")) {
                    for (String item : line.split(",")) {
                        String token = item.split(";")[0].trim();
                        if (!token.isEmpty()) {
                            encodings.add(token);
                        }
                    }
                }
                yield new CreateSessionAck(status, protocol, session(h), Optional.empty(), OptionalLong.empty(),
                        encodings);
            }
            case Fragment f -> new FragmentAck(status, Long.parseLong(one(h, "BITS-Received-Content-Range")),
                    optionalSession(h), Optional.empty());
            case CloseSession c -> new CloseSessionAck(optionalSession(h));
            case CancelSession c -> new io.github.bitsj.protocol.CancelSessionAck(optionalSession(h));
        };
    }

    private static String one(HeaderLookup h, String name) {
        List<String> values = h.values(name);
        if (values.size() != 1) {
            throw new IllegalArgumentException(name + " must appear once");
        }
        return values.get(0).trim();
    }

    private static ProtocolId protocol(String braced) {
        if (!braced.startsWith("{") || !braced.endsWith("}")) {
            throw new IllegalArgumentException("not braced");
        }
        return new ProtocolId(UUID.fromString(braced.substring(1, braced.length() - 1)));
    }

    private static SessionId session(HeaderLookup h) {
        String s = one(h, "BITS-Session-Id");
        if (!SESSION_ID.matcher(s).matches()) {
            throw new IllegalArgumentException("bad session id");
        }
        return new SessionId(s);
    }

    private static Optional<SessionId> optionalSession(HeaderLookup h) {
        return h.values("BITS-Session-Id").isEmpty() ? Optional.empty() : Optional.of(session(h));
    }

    private static Optional<String> contentName(HeaderLookup h) {
        if (h.values("Content-Name").isEmpty()) {
            return Optional.empty();
        }
        String name = one(h, "Content-Name");
        if (!CONTENT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad Content-Name");
        }
        return Optional.of(name);
    }
}
