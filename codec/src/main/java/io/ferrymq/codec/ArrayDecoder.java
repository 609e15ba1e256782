package io.ferrymq.codec;

import static io.ferrymq.codec.TypeCode.ARRAY32;
import static io.ferrymq.codec.TypeCode.ARRAY8;
import static io.ferrymq.codec.TypeCode.BOOLEAN;
import static io.ferrymq.codec.TypeCode.BYTE;
import static io.ferrymq.codec.TypeCode.CHAR;
import static io.ferrymq.codec.TypeCode.DECIMAL128;
import static io.ferrymq.codec.TypeCode.DECIMAL32;
import static io.ferrymq.codec.TypeCode.DECIMAL64;
import static io.ferrymq.codec.TypeCode.DESCRIBED;
import static io.ferrymq.codec.TypeCode.DOUBLE;
import static io.ferrymq.codec.TypeCode.FALSE;
import static io.ferrymq.codec.TypeCode.FLOAT;
import static io.ferrymq.codec.TypeCode.INT;
import static io.ferrymq.codec.TypeCode.LIST0;
import static io.ferrymq.codec.TypeCode.LIST32;
import static io.ferrymq.codec.TypeCode.LIST8;
import static io.ferrymq.codec.TypeCode.LONG;
import static io.ferrymq.codec.TypeCode.MAP32;
import static io.ferrymq.codec.TypeCode.MAP8;
import static io.ferrymq.codec.TypeCode.NULL;
import static io.ferrymq.codec.TypeCode.SHORT;
import static io.ferrymq.codec.TypeCode.SMALLINT;
import static io.ferrymq.codec.TypeCode.SMALLLONG;
import static io.ferrymq.codec.TypeCode.SMALLUINT;
import static io.ferrymq.codec.TypeCode.SMALLULONG;
import static io.ferrymq.codec.TypeCode.STR32;
import static io.ferrymq.codec.TypeCode.STR8;
import static io.ferrymq.codec.TypeCode.SYM32;
import static io.ferrymq.codec.TypeCode.SYM8;
import static io.ferrymq.codec.TypeCode.TIMESTAMP;
import static io.ferrymq.codec.TypeCode.TRUE;
import static io.ferrymq.codec.TypeCode.UBYTE;
import static io.ferrymq.codec.TypeCode.UINT;
import static io.ferrymq.codec.TypeCode.UINT0;
import static io.ferrymq.codec.TypeCode.ULONG;
import static io.ferrymq.codec.TypeCode.ULONG0;
import static io.ferrymq.codec.TypeCode.USHORT;
import static io.ferrymq.codec.TypeCode.UUID;
import static io.ferrymq.codec.TypeCode.VBIN32;
import static io.ferrymq.codec.TypeCode.VBIN8;
import static io.ferrymq.codec.TypeCode.fixedWidth;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A decoder's arrays ({@code types.xml#doc-array-encoding}), the reverse of {@link ArrayEncoder}:
 * an array of a primitive Java type where one fits (an array of int to {@code int[]}), of the
 * element's Java type otherwise, and of described elements to {@code Object[]}. Each count is
 * checked against the bytes present before the array is allocated.
 */
final class ArrayDecoder {
    private ArrayDecoder() {}

    /** Reads an array whose constructor {@code ctor} (array8 or array32) has just been read. */
    static Object read(ValueReader v, ByteBuf b, int ctor) {
        boolean wide = ctor == ARRAY32;
        int size = v.readSize(b, ctor, wide);
        int countWidth = wide ? 4 : 1;
        if (size < countWidth + 1) {
            throw new DecodeException("array size " + size + " cannot hold its count and constructor", v.at(b));
        }
        int end = v.at(b) + size;
        long count = wide ? v.readI32(b) & 0xffff_ffffL : v.readU8(b);
        v.enter(b);
        int elementCtor = v.readConstructor(b);
        Object result;
        if (elementCtor == DESCRIBED) {
            result = readDescribedElements(v, b, count, end);
        } else {
            checkCount(v, b, elementCtor, count, end);
            result = readElements(v, b, elementCtor, (int) count);
        }
        v.checkEnd(b, end, "array");
        v.depth--;
        return result;
    }

    private static void checkCount(ValueReader v, ByteBuf b, int elementCtor, long count, int end) {
        int width = fixedWidth(elementCtor);
        long available = (long) end - v.at(b);
        if (width == 0) {
            if (count > Decoder.MAX_ZERO_WIDTH_ELEMENTS) {
                throw new DecodeException(
                        "array of " + count + " zero-width " + TypeCode.describe(elementCtor)
                                + " elements exceeds the limit of " + Decoder.MAX_ZERO_WIDTH_ELEMENTS,
                        v.at(b));
            }
        } else if (count * Math.max(width, 1) > available) {
            throw new DecodeException(
                    "array count " + count + " of " + TypeCode.describe(elementCtor) + " exceeds its " + available
                            + " bytes of elements",
                    v.at(b));
        }
    }

    private static Object readElements(ValueReader v, ByteBuf b, int ctor, int count) {
        switch (ctor) {
            case BOOLEAN, TRUE, FALSE -> {
                boolean[] a = new boolean[count];
                for (int i = 0; i < count; i++) {
                    a[i] = ctor == BOOLEAN ? v.readBooleanByte(b) : ctor == TRUE;
                }
                return a;
            }
            case BYTE -> {
                byte[] a = new byte[count];
                v.readBytes(b, a);
                return a;
            }
            case SHORT -> {
                short[] a = new short[count];
                for (int i = 0; i < count; i++) {
                    a[i] = v.readI16(b);
                }
                return a;
            }
            case INT, SMALLINT -> {
                int[] a = new int[count];
                for (int i = 0; i < count; i++) {
                    a[i] = ctor == INT ? v.readI32(b) : (byte) v.readU8(b);
                }
                return a;
            }
            case LONG, SMALLLONG -> {
                long[] a = new long[count];
                for (int i = 0; i < count; i++) {
                    a[i] = ctor == LONG ? v.readI64(b) : (byte) v.readU8(b);
                }
                return a;
            }
            case FLOAT -> {
                float[] a = new float[count];
                for (int i = 0; i < count; i++) {
                    a[i] = Float.intBitsToFloat(v.readI32(b));
                }
                return a;
            }
            case DOUBLE -> {
                double[] a = new double[count];
                for (int i = 0; i < count; i++) {
                    a[i] = Double.longBitsToDouble(v.readI64(b));
                }
                return a;
            }
            default -> {
                Object[] a = newElementArray(ctor, count);
                for (int i = 0; i < count; i++) {
                    a[i] = v.readValue(b, ctor);
                }
                return a;
            }
        }
    }

    private static Object[] newElementArray(int ctor, int count) {
        return switch (ctor) {
            case NULL -> new Object[count];
            case UBYTE -> new UnsignedByte[count];
            case USHORT -> new UnsignedShort[count];
            case UINT, SMALLUINT, UINT0 -> new UnsignedInteger[count];
            case ULONG, SMALLULONG, ULONG0 -> new UnsignedLong[count];
            case CHAR -> new Char[count];
            case DECIMAL32 -> new Decimal32[count];
            case DECIMAL64 -> new Decimal64[count];
            case DECIMAL128 -> new Decimal128[count];
            case TIMESTAMP -> new Timestamp[count];
            case UUID -> new UUID[count];
            case VBIN8, VBIN32 -> new Binary[count];
            case STR8, STR32 -> new String[count];
            case SYM8, SYM32 -> new Symbol[count];
            case LIST0, LIST8, LIST32 -> new List<?>[count];
            case MAP8, MAP32 -> new Map<?, ?>[count];
            case ARRAY8, ARRAY32 -> new Object[count];
            default ->
                throw new DecodeException("unknown array element constructor 0x" + Integer.toHexString(ctor), -1);
        };
    }

    private static Object[] readDescribedElements(ValueReader v, ByteBuf b, long count, int end) {
        int descriptorStart = v.at(b);
        Object descriptor = v.readDescriptor(b);
        int known = v.codeOf(descriptor);
        int valueCtor = v.readConstructor(b);
        if (valueCtor == DESCRIBED) {
            throw new DecodeException("array element constructor is described twice", descriptorStart);
        }
        checkCount(v, b, valueCtor, count, end);
        Object[] a = new Object[(int) count];
        for (int i = 0; i < a.length; i++) {
            a[i] = known >= 0
                    ? v.readKnown(known, b, valueCtor)
                    : new UnknownDescribedType(descriptor, v.readValue(b, valueCtor));
        }
        return a;
    }
}
