package io.ferrymq.codec;

import io.netty.buffer.ByteBuf;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The described types a {@link Decoder} knows, found by descriptor code or by descriptor
 * symbol: both forms are accepted everywhere ({@code types.xml#doc-descriptor-values}). A
 * described value of a type it does not know decodes to an {@link UnknownDescribedType}.
 *
 * <p>{@code io.ferrymq.codec.spec.SpecTypes} holds the specification's types, and makes the
 * decoders that know them; {@link #NONE} knows no type. The codes known are those below
 * {@code 0x80}, where the specification puts all of its own.
 */
public final class DescribedTypes {
    /** Knows no described type: every described value decodes to an {@link UnknownDescribedType}. */
    public static final DescribedTypes NONE = builder().build((code, decoder, buffer, constructor) -> {
        throw new IllegalStateException("no described type is known");
    });

    private static final int CODES = 0x80;

    /**
     * Reads the values of the described types a registry knows, by descriptor code.
     *
     * <p>One reader serves every type, so that a decoder has one call site for all of them,
     * which the JIT sees with one receiver and inlines, and the reader can call the decoders of
     * the types it reads most directly (a call site that serves many types would be megamorphic:
     * no inlining, a dispatch through the interface table on each value).
     */
    @FunctionalInterface
    public interface Reader {
        /**
         * Reads the value of the described type {@code code}.
         *
         * @param code a descriptor code that the registry knows
         * @param decoder the decoder, for reading the fields
         * @param buffer positioned after the value's constructor
         * @param constructor the value's constructor (for composites: list0, list8 or list32)
         * @return the value
         */
        Object read(int code, Decoder decoder, ByteBuf buffer, int constructor);

        /**
         * The one value of the known composite type without fields whose descriptor code is
         * {@code code}, if the reader has one; otherwise null. Where it reads a field of such a
         * type, a decoder reads it in the form peers write it (its descriptor code and an empty
         * list0) without a call to {@link #read}. A switch over the types' constants lets the
         * JIT fold the caller's test of the value's type. Measured (DispositionBenchmark.ferryDecode,
         * JMH): with a lookup in a table instead, and the type test it left to run, 14% fewer
         * decodes a second.
         *
         * @param code a descriptor code below {@code 0x80}, or any other int
         * @return the value, or null
         */
        default Object fieldless(int code) {
            return null;
        }
    }

    /**
     * Gives the specification's described types to the one place in this package that needs
     * them without being handed a decoder: {@link CompositeType#described()}, which decodes the
     * fields of a composite built here, say, for its {@code toString}. The types live in packages
     * above this one, which know it; it finds them at run time through the {@link
     * java.util.ServiceLoader} entry this module's jar ships ({@code io.ferrymq.codec.spec}).
     */
    public interface Provider {
        /**
         * The specification's described types.
         *
         * @return the registry
         */
        DescribedTypes describedTypes();
    }

    /*
     * Which codes below 0x80 are known, one bit a code, so isKnown is a shift and a test, no load
     * of a table. Profile (DispositionBenchmark, JFR): a table lookup was 5% of the decode.
     */
    final long knownLow;
    final long knownHigh;
    private final Map<Symbol, Integer> bySymbol;
    final Reader reader;

    private DescribedTypes(Builder b, Reader reader) {
        this.knownLow = b.knownLow;
        this.knownHigh = b.knownHigh;
        this.bySymbol = Map.copyOf(b.bySymbol);
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /** A builder of a registry, which knows no type until told. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether {@code code} is known, by the bits of the known codes below 64 and from 64: a
     * decoder keeps its registry's bits in its own fields, which its fast path reads.
     */
    static boolean isKnown(long knownLow, long knownHigh, int code) {
        if (code < 0 || code >= CODES) {
            return false;
        }
        return ((code < 64 ? knownLow : knownHigh) & (1L << code)) != 0; // the shift takes code mod 64
    }

    /** The descriptor code of a described type this registry knows, or -1. */
    int codeOf(Object descriptor) {
        if (descriptor instanceof UnsignedLong code) {
            long bits = code.longBits();
            return bits >= 0 && bits < CODES && isKnown(knownLow, knownHigh, (int) bits) ? (int) bits : -1;
        }
        if (descriptor instanceof Symbol symbol) {
            Integer code = bySymbol.get(symbol);
            return code == null ? -1 : code;
        }
        return -1;
    }

    /** Tells a registry the described types it knows. */
    public static final class Builder {
        private long knownLow;
        private long knownHigh;
        private final Map<Symbol, Integer> bySymbol = new HashMap<>();

        private Builder() {}

        /**
         * Adds a described type, by its descriptor code and symbol.
         *
         * @throws IllegalArgumentException when the code is not below {@code 0x80}, or when it or
         *     the symbol is already taken
         */
        public Builder type(long code, Symbol symbol) {
            if (code < 0 || code >= CODES) {
                throw new IllegalArgumentException("descriptor code 0x" + Long.toHexString(code) + " is not below 0x"
                        + Integer.toHexString(CODES));
            }
            if (bySymbol.containsKey(symbol) || bySymbol.containsValue((int) code)) {
                throw new IllegalArgumentException(
                        "described type already known: 0x" + Long.toHexString(code) + " " + symbol);
            }
            bySymbol.put(symbol, (int) code);
            if (code < 64) {
                knownLow |= 1L << code;
            } else {
                knownHigh |= 1L << code;
            }
            return this;
        }

        /** The registry of the types added, whose values {@code reader} reads. */
        public DescribedTypes build(Reader reader) {
            return new DescribedTypes(this, reader);
        }
    }
}
