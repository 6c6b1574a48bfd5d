// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import io.github.bitsj.protocol.testkit.Props;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;

/** Generators of valid packets and values for the property tests (biased toward limits and edges). */
final class Gen {
    private Gen() {}

    static final String TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~";
    static final String HOST_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.:[]_%";

    /** {@return a length in [min, max], often at an edge} */
    static int length(Random r, int min, int max) {
        return switch (r.nextInt(5)) {
            case 0 -> min;
            case 1 -> max;
            default -> min + r.nextInt(Math.min(max - min + 1, r.nextBoolean() ? 12 : max - min + 1));
        };
    }

    static String of(Random r, String alphabet, int min, int max) {
        int n = length(r, min, max);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** {@return {@code min..max} visible ASCII characters (VCHAR)} */
    static String visible(Random r, int min, int max) {
        int n = length(r, min, max);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) (0x21 + r.nextInt(0x7E - 0x21 + 1)));
        }
        return sb.toString();
    }

    /** {@return the text with its ASCII letters in random case} */
    static String recase(Random r, String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(r.nextBoolean() ? Character.toString(c).toUpperCase(Locale.ROOT)
                    : Character.toString(c).toLowerCase(Locale.ROOT));
        }
        return sb.toString();
    }

    static UUID uuid(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> new UUID(0, 0);
            case 1 -> new UUID(-1, -1);
            default -> new UUID(r.nextLong(), r.nextLong());
        };
    }

    static ProtocolId protocolId(Random r) {
        return r.nextInt(3) == 0 ? ProtocolId.BITS_1_5_UPLOAD : new ProtocolId(uuid(r));
    }

    static SessionId sessionId(Random r) {
        return r.nextBoolean() ? SessionId.ofGuid(uuid(r)) : new SessionId(visible(r, 1, 100));
    }

    static Optional<String> contentName(Random r) {
        if (r.nextBoolean()) {
            return Optional.empty();
        }
        int n = length(r, 1, 260);
        StringBuilder sb = new StringBuilder(n);
        while (sb.length() < n) {
            char c = r.nextInt(10) == 0 ? '\t' : (char) (0x20 + r.nextInt(0x5F));
            if ("\\/:*?\"<>|".indexOf(c) >= 0) {
                continue;
            }
            boolean edge = sb.isEmpty() || sb.length() == n - 1;
            if (edge && (c == ' ' || c == '\t')) {
                continue;
            }
            sb.append(c);
        }
        return Optional.of(sb.toString());
    }

    /** {@return a total in [1, Long.MAX_VALUE]} */
    static long total(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> 1 + r.nextInt(100);
            case 1 -> Long.MAX_VALUE - r.nextInt(3);
            case 2 -> 1 + (r.nextLong() & 0xFFFF_FFFFL);
            default -> 1 + (r.nextLong() >>> 1) % Long.MAX_VALUE;
        };
    }

    static ContentRange range(Random r) {
        if (r.nextInt(10) == 0) {
            return ContentRange.EMPTY_FILE;
        }
        long total = total(r);
        long first = Props.anyOffset(r, total);
        long last = first + Props.anyOffset(r, total - first);
        return new ContentRange(first, last, total);
    }

    static CreateSession createSession(Random r) {
        int n = r.nextInt(20) == 0 ? 100 : 1 + r.nextInt(4);
        List<ProtocolId> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(protocolId(r));
        }
        return new CreateSession(ids, contentName(r));
    }

    static Fragment fragment(Random r) {
        Optional<String> encoding = r.nextInt(4) == 0 ? Optional.of(recase(r, "identity")) : Optional.empty();
        return new Fragment(sessionId(r), range(r), contentName(r), encoding);
    }

    static Request request(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> new Ping();
            case 1 -> createSession(r);
            case 2 -> fragment(r);
            case 3 -> new CloseSession(sessionId(r), contentName(r));
            default -> new CancelSession(sessionId(r), contentName(r));
        };
    }

    /** A request and a valid answer to it. */
    record Exchange(Request sent, Response ack) {}

    static Optional<SessionId> maybeSession(Random r) {
        return r.nextBoolean() ? Optional.of(sessionId(r)) : Optional.empty();
    }

    static Exchange exchange(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> new Exchange(new Ping(), new PingAck());
            case 1 -> {
                CreateSession c = createSession(r);
                ProtocolId chosen = c.supportedProtocols().get(r.nextInt(c.supportedProtocols().size()));
                Optional<String> host = r.nextBoolean() ? Optional.of(of(r, HOST_CHARS, 1, 300)) : Optional.empty();
                OptionalLong timeout = host.isPresent() && r.nextBoolean()
                        ? OptionalLong.of(Props.anyOffset(r, CreateSessionAck.MAX_FALLBACK_TIMEOUT + 1))
                        : OptionalLong.empty();
                List<String> encodings = new ArrayList<>();
                for (int i = r.nextInt(4); i > 0; i--) {
                    encodings.add(of(r, TOKEN_CHARS, 1, 20));
                }
                yield new Exchange(c, new CreateSessionAck(r.nextBoolean() ? 200 : 201, chosen, sessionId(r), host,
                        timeout, encodings));
            }
            case 2 -> {
                Fragment f = fragment(r);
                long total = f.range().total();
                long offset = r.nextInt(6) == 0 ? total
                        : Props.anyOffset(r, total == Long.MAX_VALUE ? total : total + 1);
                boolean ok = r.nextInt(4) != 0;
                Optional<String> reply = ok && r.nextBoolean() ? Optional.of(visible(r, 1, 2200)) : Optional.empty();
                yield new Exchange(f, new FragmentAck(ok ? 200 : 416, offset, maybeSession(r), reply));
            }
            case 3 -> new Exchange(new CloseSession(sessionId(r), contentName(r)),
                    new CloseSessionAck(maybeSession(r)));
            case 4 -> new Exchange(new CancelSession(sessionId(r), contentName(r)),
                    new CancelSessionAck(maybeSession(r)));
            default -> {
                Request sent = request(r);
                int status;
                do {
                    status = 100 + r.nextInt(500);
                } while ((status >= 200 && status <= 299) || (status == 416 && sent instanceof Fragment));
                Optional<HResult> code = r.nextInt(4) == 0 ? Optional.empty() : Optional.of(hresult(r));
                Optional<ErrorContext> context = code.isPresent() && r.nextBoolean()
                        ? Optional.of(ErrorContext.values()[r.nextInt(ErrorContext.values().length)])
                        : Optional.empty();
                OptionalLong offset = r.nextBoolean() ? OptionalLong.of(Props.anyOffset(r, Long.MAX_VALUE))
                        : OptionalLong.empty();
                yield new Exchange(sent, new ErrorAck(status, code, context, maybeSession(r), offset));
            }
        };
    }

    static HResult hresult(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> HResult.BG_E_SESSION_NOT_FOUND;
            case 1 -> new HResult(0);
            case 2 -> new HResult(-1);
            case 3 -> HResult.ofHttpStatus(100 + r.nextInt(500));
            default -> new HResult(r.nextInt());
        };
    }
}
