package io.ferrymq.codec;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An AMQP {@code symbol}: a value from a constrained domain, seven-bit ASCII
 * ({@code types.xml#type-symbol}).
 *
 * <p>Symbols are compared by value. {@link #valueOf(String)} interns, so it is meant for the
 * fixed vocabulary an application uses; symbols that arrive from the wire are created by the
 * decoder without interning, so a peer cannot grow a global table.
 */
public final class Symbol implements Comparable<Symbol> {
    private static final ConcurrentHashMap<String, Symbol> INTERNED = new ConcurrentHashMap<>();
    private static final int INTERN_LIMIT = 4096;

    private final String value;
    private final byte[] ascii;
    private final int hash;

    private Symbol(String value, byte[] ascii) {
        this.value = value;
        this.ascii = ascii;
        this.hash = value.hashCode();
    }

    /** The symbol for {@code value}, shared with every other caller asking for the same text. */
    public static Symbol valueOf(String value) {
        if (value == null) {
            return null;
        }
        Symbol s = INTERNED.get(value);
        if (s != null) {
            return s;
        }
        s = create(value);
        if (INTERNED.size() < INTERN_LIMIT) {
            Symbol prior = INTERNED.putIfAbsent(value, s);
            if (prior != null) {
                return prior;
            }
        }
        return s;
    }

    /** An array of symbols, one per string. */
    public static Symbol[] array(String... values) {
        Symbol[] result = new Symbol[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = valueOf(values[i]);
        }
        return result;
    }

    private static Symbol create(String value) {
        byte[] bytes = new byte[value.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = value.charAt(i);
            if (c > 0x7f) {
                throw new IllegalArgumentException("a symbol is seven-bit ASCII; '" + value + "' has character U+"
                        + Integer.toHexString(c) + " at index " + i);
            }
            bytes[i] = (byte) c;
        }
        return new Symbol(value, bytes);
    }

    /** Made by the decoder from bytes it has checked to be ASCII; the array is owned by the symbol. */
    static Symbol fromAscii(byte[] ascii) {
        return new Symbol(new String(ascii, StandardCharsets.ISO_8859_1), ascii);
    }

    /** The ASCII bytes; callers must not modify them. */
    byte[] asciiBytes() {
        return ascii;
    }

    /** Number of bytes in the encoding, equal to the number of characters. */
    public int encodedLength() {
        return ascii.length;
    }

    public int length() {
        return value.length();
    }

    @Override
    public String toString() {
        return value;
    }

    @Override
    public int compareTo(Symbol o) {
        return value.compareTo(o.value);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof Symbol s && s.hash == hash && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
