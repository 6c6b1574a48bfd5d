// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.server.internal;

import io.github.bitsj.protocol.ProtocolError.Kind;
import java.util.Objects;
import java.util.function.Function;

/**
 * The one way a step of the server says it failed: a value, or the protocol rule that makes the request fail (which
 * the caller turns into an error Ack). Never null, never "answered already and returned false".
 *
 * @param <T> the value's type
 */
sealed interface Result<T> {

    /**
     * Success.
     *
     * @param value the value
     * @param <T> the value's type
     */
    record Ok<T>(T value) implements Result<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * Failure.
     *
     * @param kind the rule, which maps to the error Ack (MC-BUP §2.2.1.2)
     * @param <T> the value's type
     */
    record Err<T>(Kind kind) implements Result<T> {
        public Err {
            Objects.requireNonNull(kind, "kind");
        }
    }

    static <T> Result<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Result<T> err(Kind kind) {
        return new Err<>(kind);
    }

    /** {@return the next step's result on success, else this failure} */
    default <U> Result<U> then(Function<T, Result<U>> next) {
        return switch (this) {
            case Ok<T> ok -> next.apply(ok.value());
            case Err<T> err -> new Err<>(err.kind());
        };
    }
}
