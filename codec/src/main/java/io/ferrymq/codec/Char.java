package io.ferrymq.codec;

/**
 * An AMQP {@code char}: a single Unicode character as a UTF-32BE code point
 * ({@code types.xml#type-char}). Java's {@code Character} cannot hold code points above
 * U+FFFF, hence this type.
 */
public record Char(int codePoint) {
    public Char {
        if (!Character.isValidCodePoint(codePoint)) {
            throw new IllegalArgumentException("not a Unicode code point: 0x" + Integer.toHexString(codePoint));
        }
    }

    public static Char of(char c) {
        return new Char(c);
    }

    @Override
    public String toString() {
        return Character.toString(codePoint);
    }
}
