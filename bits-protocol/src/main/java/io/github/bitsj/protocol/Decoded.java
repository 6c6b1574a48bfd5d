// SPDX-License-Identifier: Apache-2.0
package io.github.bitsj.protocol;

import java.util.Objects;
import java.util.function.Function;

/**
 * The result of decoding untrusted wire text: either a value or the precise {@link ProtocolError} that the text
 * broke. Decoders in this module are total: they return one of the two and never throw (STYLE §2.5). The error
 * side names the rule (MC-BUP §2.2.1, §2.2.1.2, §2.2.6.1) through {@link ProtocolError.Kind}.
 *
 * @param <T> the decoded type
 */
public sealed interface Decoded<T> {

    /**
     * A successfully decoded value.
     *
     * @param value the value, never null
     * @param <T> the decoded type
     */
    record Ok<T>(T value) implements Decoded<T> {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if {@code value} is null
         */
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A decoding failure.
     *
     * @param error which rule was broken, and where
     * @param <T> the type that could not be decoded
     */
    record Err<T>(ProtocolError error) implements Decoded<T> {
        /**
         * Checks the components.
         *
         * @throws NullPointerException if {@code error} is null
         */
        public Err {
            Objects.requireNonNull(error, "error");
        }
    }

    /**
     * {@return a successful result}
     *
     * @param value the value
     * @param <T> the value's type
     * @throws NullPointerException if {@code value} is null
     */
    static <T> Decoded<T> ok(T value) {
        return new Ok<>(value);
    }

    /**
     * {@return a failed result}
     *
     * @param kind the broken rule
     * @param header the header at fault, or {@code ""} when no single header is
     * @param detail a human-readable explanation (never matched on by code)
     * @param <T> the type that could not be decoded
     */
    static <T> Decoded<T> err(ProtocolError.Kind kind, String header, String detail) {
        return new Err<>(new ProtocolError(kind, header, detail));
    }

    /** {@return true if this is an {@link Ok}} */
    default boolean isOk() {
        return this instanceof Ok<T>;
    }

    /**
     * Returns the value of an {@link Ok}.
     *
     * @return the value
     * @throws IllegalStateException if this is an {@link Err}; the message names the error kind and header
     */
    default T orElseThrow() {
        return switch (this) {
            case Ok<T> ok -> ok.value();
            case Err<T> err -> throw new IllegalStateException(err.error().toString());
        };
    }

    /**
     * {@return the error of an {@link Err}}
     *
     * @throws IllegalStateException if this is an {@link Ok}
     */
    default ProtocolError error() {
        return switch (this) {
            case Ok<T> ok -> throw new IllegalStateException("not an error");
            case Err<T> err -> err.error();
        };
    }

    /**
     * {@return this result with its value transformed, or the same error}
     *
     * @param f the transformation
     * @param <U> the new value type
     */
    @SuppressWarnings("unchecked")
    default <U> Decoded<U> map(Function<? super T, ? extends U> f) {
        return switch (this) {
            case Ok<T> ok -> new Ok<>(f.apply(ok.value()));
            case Err<T> err -> (Decoded<U>) err;
        };
    }
}
