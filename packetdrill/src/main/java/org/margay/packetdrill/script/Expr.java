package org.margay.packetdrill.script;

import java.util.List;

/** A system-call argument or return value. */
public sealed interface Expr {

    /** The expression as written (normalised spacing), for messages. */
    String describe();

    /** {@code ...}: anything. */
    record Ellipsis() implements Expr {
        public String describe() {
            return "...";
        }
    }

    /** An integer. */
    record Num(long value) implements Expr {
        public String describe() {
            return Long.toString(value);
        }
    }

    /** A symbol such as {@code SOCK_STREAM} or {@code ECONNREFUSED}. */
    record Sym(String name) implements Expr {
        public String describe() {
            return name;
        }
    }

    /** {@code A|B|C}. */
    record BitOr(List<Expr> terms) implements Expr {
        public BitOr {
            terms = List.copyOf(terms);
        }

        public String describe() {
            return String.join("|", terms.stream().map(Expr::describe).toList());
        }
    }

    /** {@code [a, b]}: a pointer to a value or an array. */
    record Array(List<Expr> elements) implements Expr {
        public Array {
            elements = List.copyOf(elements);
        }

        public String describe() {
            return "[" + String.join(", ", elements.stream().map(Expr::describe).toList()) + "]";
        }
    }

    /** {@code {name=value, ...}}: a structure. */
    record Struct(List<Field> fields) implements Expr {
        public Struct {
            fields = List.copyOf(fields);
        }

        /** The value of field {@code name}, or null. */
        public Expr field(String name) {
            for (Field f : fields) {
                if (f.name().equals(name)) {
                    return f.value();
                }
            }
            return null;
        }

        public String describe() {
            return "{" + String.join(", ", fields.stream().map(f -> f.name() + "=" + f.value().describe()).toList())
                    + "}";
        }
    }

    /** One field of a {@link Struct}. */
    record Field(String name, Expr value) {
    }

    /** A string literal. */
    record Str(String value) implements Expr {
        public String describe() {
            return "\"" + value + "\"";
        }
    }

    /** {@code name(args)}, such as {@code htons(8080)}. */
    record Call(String name, List<Expr> args) implements Expr {
        public Call {
            args = List.copyOf(args);
        }

        public String describe() {
            return name + "(" + String.join(", ", args.stream().map(Expr::describe).toList()) + ")";
        }
    }
}
