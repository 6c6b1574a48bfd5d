// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Ack for Create-Session (MC-BUP §2.2.3; MC-BUP §2.2.3), e.g. from [T4.2]:
 * <pre>
 * BITS-Packet-Type: Ack
 * BITS-Protocol: {7df0354d-249b-430f-820d-3d2a9bef4931}
 * BITS-Session-Id: {C85B4E0A-9EB9-4114-BFA4-8A43B4710091}
 * BITS-Host-Id: FRANKCAO8
 * BITS-Host-Id-Fallback-Timeout: 110
 * Accept-encoding: identity
 * </pre>
 *
 * @param status 200, or 201 which the SDK also allows (decision D22)
 * @param protocol {@code BITS-Protocol}: the GUID the server chose
 * @param sessionId {@code BITS-Session-Id}: the new session
 * @param hostId {@code BITS-Host-Id}: the farm node for later packets (SDK: BITS IIS Extension Properties (BITSHostId))
 * @param hostIdFallbackTimeout {@code BITS-Host-Id-Fallback-Timeout} in seconds, 0–4294967295; only with a host id
 * @param acceptEncodings {@code Accept-Encoding} tokens, in order (IIS: {@code identity}); may be empty
 */
public record CreateSessionAck(int status, ProtocolId protocol, SessionId sessionId, Optional<String> hostId,
        OptionalLong hostIdFallbackTimeout, List<String> acceptEncodings) implements Response {

    /** The largest fallback timeout: a 32-bit unsigned number of seconds (MC-BUP §2.2). */
    public static final long MAX_FALLBACK_TIMEOUT = 0xFFFFFFFFL;

    /**
     * Checks the components.
     *
     * @throws NullPointerException if any component or list element is null
     * @throws IllegalArgumentException if the status is not 200/201, the host id is invalid, a timeout is given
     *     without a host id or is out of range, or an encoding is not a token
     */
    public CreateSessionAck {
        if (status != 200 && status != 201) {
            throw new IllegalArgumentException("Create-Session Ack status must be 200 or 201: " + status);
        }
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(hostIdFallbackTimeout, "hostIdFallbackTimeout");
        acceptEncodings = List.copyOf(acceptEncodings);
        hostId.ifPresent(Rules::requireHostId);
        if (hostIdFallbackTimeout.isPresent()) {
            if (hostId.isEmpty()) {
                throw new IllegalArgumentException("a fallback timeout needs a host id (MC-BUP §2.2.3.2)");
            }
            long t = hostIdFallbackTimeout.getAsLong();
            if (t < 0 || t > MAX_FALLBACK_TIMEOUT) {
                throw new IllegalArgumentException("fallback timeout out of range: " + t);
            }
        }
        acceptEncodings.forEach(Rules::requireToken);
    }

    /**
     * {@return the Ack IIS sends for a plain upload directory: 200, BITS 1.5, no host id, {@code identity}}
     *
     * @param sessionId the new session
     */
    public static CreateSessionAck of(SessionId sessionId) {
        return new CreateSessionAck(200, ProtocolId.BITS_1_5_UPLOAD, sessionId, Optional.empty(),
                OptionalLong.empty(), List.of(BitsHeaders.IDENTITY));
    }
}
