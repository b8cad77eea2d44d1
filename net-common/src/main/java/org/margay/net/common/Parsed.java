package org.margay.net.common;

import java.util.Objects;
import java.util.function.Function;

/**
 * The result of parsing a value object ("repr") from bytes: the value, or the reason it could not be had.
 *
 * <p>Parsing is the cold path (tests, tools, teaching); the hot path reads views directly. A {@code Parsed}
 * never carries an exception: garbage in gives {@link Invalid}, never a throw.
 *
 * @param <T> the parsed value's type
 */
public sealed interface Parsed<T> permits Parsed.Ok, Parsed.Invalid {

    /** A successful parse. */
    record Ok<T>(T value) implements Parsed<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /** A failed parse with the status that stopped it and a detail for people. */
    record Invalid<T>(WireStatus status, String detail) implements Parsed<T> {
        public Invalid {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(detail, "detail");
        }
    }

    static <T> Parsed<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Parsed<T> invalid(WireStatus status, String detail) {
        return new Invalid<>(status, detail);
    }

    /** True for {@link Ok}. */
    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The value of an {@link Ok}; throws {@link IllegalStateException} naming the problem otherwise. */
    default T orThrow() {
        return switch (this) {
            case Ok<T> ok -> ok.value();
            case Invalid<T> bad -> throw new IllegalStateException(bad.status().description() + ": " + bad.detail());
        };
    }

    /** Applies {@code fn} to the value of an {@link Ok}; passes an {@link Invalid} through. */
    default <R> Parsed<R> map(Function<? super T, ? extends R> fn) {
        return switch (this) {
            case Ok<T> ok -> new Ok<>(fn.apply(ok.value()));
            case Invalid<T> bad -> new Invalid<>(bad.status(), bad.detail());
        };
    }
}
