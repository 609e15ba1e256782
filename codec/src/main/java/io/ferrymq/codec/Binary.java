package io.ferrymq.codec;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An AMQP {@code binary}: a sequence of octets ({@code types.xml#type-binary}), compared by
 * content. The bytes are a window on an array; the array is not copied, so callers that hand
 * an array to a {@code Binary} must not change it afterwards.
 */
public final class Binary implements Comparable<Binary> {
    private static final byte[] NO_BYTES = new byte[0];
    public static final Binary EMPTY = new Binary(NO_BYTES, 0, 0);

    private final byte[] array;
    private final int offset;
    private final int length;
    private int hash;

    public Binary(byte[] array) {
        this(array, 0, array.length);
    }

    public Binary(byte[] array, int offset, int length) {
        if (offset < 0 || length < 0 || offset > array.length - length) {
            throw new IndexOutOfBoundsException(
                    "offset " + offset + ", length " + length + " outside an array of " + array.length);
        }
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    /** A binary holding a copy of {@code bytes}. */
    public static Binary copyOf(byte[] bytes) {
        return new Binary(bytes.clone());
    }

    public byte[] array() {
        return array;
    }

    public int arrayOffset() {
        return offset;
    }

    public int length() {
        return length;
    }

    public byte byteAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return array[offset + index];
    }

    /** A fresh array with exactly these bytes. */
    public byte[] toByteArray() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof Binary b
                && b.length == length
                && Arrays.equals(array, offset, offset + length, b.array, b.offset, b.offset + b.length);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0 && length > 0) {
            h = 1;
            for (int i = offset; i < offset + length; i++) {
                h = 31 * h + array[i];
            }
            hash = h;
        }
        return h;
    }

    @Override
    public int compareTo(Binary o) {
        return Arrays.compareUnsigned(array, offset, offset + length, o.array, o.offset, o.offset + o.length);
    }

    @Override
    public String toString() {
        int shown = Math.min(length, 64);
        String hex = HexFormat.of().formatHex(array, offset, offset + shown);
        return "b\"" + hex + (shown < length ? "...(" + length + " bytes)" : "") + "\"";
    }
}
