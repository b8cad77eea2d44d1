package org.margay.fastpath.runtime;

import java.util.Locale;

/**
 * Builds an {@link IdleStrategy} from a configuration string:
 * <ul>
 *   <li>{@code spin} (or {@code busy-spin}): {@link BusySpinIdleStrategy};</li>
 *   <li>{@code noop}: {@link NoOpIdleStrategy};</li>
 *   <li>{@code park} or {@code park:DURATION}: {@link ParkIdleStrategy} (default 50us);</li>
 *   <li>{@code backoff} or {@code backoff:SPINS,YIELDS,MINPARK,MAXPARK}: {@link BackoffIdleStrategy}.</li>
 * </ul>
 * A duration is a whole number with a unit: {@code ns}, {@code us} (or {@code µs}), {@code ms} or {@code s}.
 * Anything else is rejected with an {@link IllegalArgumentException} that quotes the input and lists the
 * accepted forms.
 */
public final class IdleStrategies {
    /** The accepted forms, for error messages and help texts. */
    public static final String FORMS = "spin, noop, park, park:DURATION, backoff, backoff:SPINS,YIELDS,MINPARK,MAXPARK"
            + " (DURATION like 50us, 1ms, 200ns, 1s)";
    /** The park time of a bare {@code park}. */
    public static final long DEFAULT_PARK_NANOS = 50_000;

    private IdleStrategies() {
    }

    /** The strategy {@code spec} names; see the class comment. */
    public static IdleStrategy parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw bad(spec, "it is empty");
        }
        String text = spec.strip().toLowerCase(Locale.ROOT);
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        String args = colon < 0 ? null : text.substring(colon + 1);
        switch (name) {
            case "spin", "busy-spin", "busyspin" -> {
                noArguments(spec, args);
                return new BusySpinIdleStrategy();
            }
            case "noop", "no-op" -> {
                noArguments(spec, args);
                return new NoOpIdleStrategy();
            }
            case "park" -> {
                long nanos = args == null ? DEFAULT_PARK_NANOS : duration(spec, args);
                if (nanos <= 0) {
                    throw bad(spec, "the park time must be positive");
                }
                return new ParkIdleStrategy(nanos);
            }
            case "backoff" -> {
                if (args == null) {
                    return new BackoffIdleStrategy();
                }
                String[] parts = args.split(",", -1);
                if (parts.length != 4) {
                    throw bad(spec, "backoff takes four values SPINS,YIELDS,MINPARK,MAXPARK, got " + parts.length);
                }
                long spins = count(spec, parts[0]);
                long yields = count(spec, parts[1]);
                long minPark = duration(spec, parts[2]);
                long maxPark = duration(spec, parts[3]);
                try {
                    return new BackoffIdleStrategy(spins, yields, minPark, maxPark);
                } catch (IllegalArgumentException e) {
                    throw bad(spec, e.getMessage());
                }
            }
            default -> throw bad(spec, "'" + name + "' is not a strategy");
        }
    }

    /** Parses a duration such as {@code 50us} into nanoseconds. */
    public static long parseDuration(String text) {
        return duration(text, text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
    }

    private static void noArguments(String spec, String args) {
        if (args != null) {
            throw bad(spec, "this strategy takes no arguments");
        }
    }

    private static long count(String spec, String text) {
        try {
            long value = Long.parseLong(text.strip());
            if (value < 0) {
                throw bad(spec, "'" + text + "' must not be negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw bad(spec, "'" + text + "' is not a whole number");
        }
    }

    private static long duration(String spec, String raw) {
        String text = raw.strip();
        int unitAt = 0;
        while (unitAt < text.length() && Character.isDigit(text.charAt(unitAt))) {
            unitAt++;
        }
        if (unitAt == 0) {
            throw bad(spec, "'" + raw + "' is not a duration (a whole number and ns, us, ms or s)");
        }
        long scale = switch (text.substring(unitAt)) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "" -> throw bad(spec, "'" + raw + "' has no unit (ns, us, ms or s)");
            default -> throw bad(spec, "'" + raw + "' has an unknown unit (ns, us, ms or s)");
        };
        try {
            return Math.multiplyExact(Long.parseLong(text.substring(0, unitAt)), scale);
        } catch (ArithmeticException | NumberFormatException e) {
            throw bad(spec, "'" + raw + "' is too long a duration");
        }
    }

    private static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("bad idle strategy '" + spec + "': " + why + "; accepted: " + FORMS);
    }
}
