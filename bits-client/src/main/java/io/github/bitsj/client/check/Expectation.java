// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.client.check;

import io.github.bitsj.protocol.ErrorContext;
import io.github.bitsj.protocol.HResult;
import io.github.bitsj.protocol.ProtocolError.Kind;
import java.util.Optional;

/**
 * One answer the spec allows for a rejected request: an HTTP status and the {@code BITS-Error-Code} /
 * {@code BITS-Error-Context} pair, taken from the protocol model's single table ({@link Kind#status()},
 * {@link Kind#hresult()}, {@link Kind#context()}) rather than typed here. A case lists every answer the spec allows
 * (bits-protocol/README.md: 403 or 409, 200 or 416, …); the kit reports which one the server chose.
 *
 * @param label what this answer is called in reports, e.g. {@code DESTINATION_EXISTS}
 * @param status the HTTP status
 * @param code the HRESULT the error pair must carry if it is present; empty: any code
 * @param context the context the pair must carry
 * @param pairOptional true where the spec lets the server leave the pair out (MC-BUP &lt;4&gt;, decision D23)
 * @param plainHttp true where a plain HTTP response with an empty body may stand in for the Ack (MC-BUP §3.2.5.2.1:
 *     "HTTP-level" rejections such as 411)
 */
record Expectation(String label, int status, Optional<HResult> code, ErrorContext context, boolean pairOptional,
        boolean plainHttp) {

    /**
     * {@return the answer the protocol model gives for a rule}: status, HRESULT and context from {@link Kind}; where
     * the kind has no HRESULT (413, 416: "the status says it all") the pair may be left out or carry {@code 0}
     * (decision D23)
     *
     * @param kind the rule
     */
    static Expectation of(Kind kind) {
        return kind.hresult().isPresent()
                ? new Expectation(kind.name(), kind.status(), kind.hresult(), kind.context(), false, false)
                : new Expectation(kind.name(), kind.status(), Optional.of(HResult.S_OK), kind.context(), true, false);
    }

    /**
     * {@return an answer the protocol model has no kind for, e.g. the SDK's 409 for an existing destination: the
     * status alone, with any error pair or none}
     *
     * @param status the HTTP status
     * @param label what it is called in reports
     */
    static Expectation status(int status, String label) {
        return new Expectation(label, status, Optional.empty(), ErrorContext.REMOTE_FILE, true, false);
    }

    /**
     * {@return this answer, with the error pair allowed to be absent} (e.g. 404: the SDK lists no code, MC-BUP §2.2.1.2)
     */
    Expectation pairMayBeOmitted() {
        return new Expectation(label, status, code, context, true, plainHttp);
    }

    /**
     * {@return the same rule answered at the HTTP level: another status, and a plain HTTP response with an empty body
     * allowed in place of the Ack (MC-BUP §3.2.5.2.1), e.g. MC-BUP's 411 for a missing Content-Length}
     *
     * @param otherStatus the status
     * @param otherLabel what it is called in reports
     */
    Expectation asHttpLevel(int otherStatus, String otherLabel) {
        return new Expectation(otherLabel, otherStatus, code, context, true, true);
    }

    /** {@return the answer in words, e.g. {@code 500 + 0x8020001F BG_E_SESSION_NOT_FOUND + 0x5}} */
    String describe() {
        StringBuilder sb = new StringBuilder().append(status);
        if (code.isPresent() && code.get().equals(HResult.S_OK)) {
            sb.append(" (no error pair, or code 0)");
        } else if (code.isPresent()) {
            sb.append(" + ").append(code.get()).append(" + ").append(context.wire());
            if (plainHttp) {
                sb.append(" (or a plain HTTP answer)");
            } else if (pairOptional) {
                sb.append(" (or no error pair)");
            }
        }
        return sb.toString();
    }
}
