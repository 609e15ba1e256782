package io.ferrymq.codec;

import static io.ferrymq.codec.TypeCode.ARRAY32;
import static io.ferrymq.codec.TypeCode.ARRAY8;
import static io.ferrymq.codec.TypeCode.BOOLEAN;
import static io.ferrymq.codec.TypeCode.BYTE;
import static io.ferrymq.codec.TypeCode.CHAR;
import static io.ferrymq.codec.TypeCode.DECIMAL128;
import static io.ferrymq.codec.TypeCode.DECIMAL32;
import static io.ferrymq.codec.TypeCode.DECIMAL64;
import static io.ferrymq.codec.TypeCode.DOUBLE;
import static io.ferrymq.codec.TypeCode.FLOAT;
import static io.ferrymq.codec.TypeCode.INT;
import static io.ferrymq.codec.TypeCode.LIST8;
import static io.ferrymq.codec.TypeCode.LONG;
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
import static io.ferrymq.codec.TypeCode.UBYTE;
import static io.ferrymq.codec.TypeCode.USHORT;
import static io.ferrymq.codec.TypeCode.UUID;
import static io.ferrymq.codec.TypeCode.VBIN8;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes Java arrays as AMQP arrays ({@code types.xml#doc-array-encodings}): one element
 * constructor, then every element's body.
 *
 * <p>All elements share one constructor, so the encoder picks the smallest constructor that
 * holds every element ({@code smallint} only if all ints fit a byte, {@code list8} only if all
 * lists are short). Zero-width constructors ({@code true}, {@code uint0}, {@code list0}, ...)
 * are accepted when decoding but never written as an array's element constructor: the next
 * wider form is used ({@code boolean}, {@code smalluint}, {@code list8}), because an array of
 * zero-width elements carries its count in no bytes and several implementations reject it.
 */
final class ArrayEncoder {
    private ArrayEncoder() {}

    static void write(ByteBuf b, Object array) {
        switch (array) {
            case boolean[] a -> {
                int start = header(b, a.length, a.length, BOOLEAN);
                for (boolean v : a) {
                    b.writeByte(v ? 1 : 0);
                }
                end(b, start);
            }
            case byte[] a -> {
                int start = header(b, a.length, a.length, BYTE);
                b.writeBytes(a);
                end(b, start);
            }
            case short[] a -> {
                int start = header(b, a.length, a.length * 2, SHORT);
                for (short v : a) {
                    b.writeShort(v);
                }
                end(b, start);
            }
            case int[] a -> writeInts(b, a);
            case long[] a -> writeLongs(b, a);
            case float[] a -> {
                int start = header(b, a.length, a.length * 4, FLOAT);
                for (float v : a) {
                    b.writeFloat(v);
                }
                end(b, start);
            }
            case double[] a -> {
                int start = header(b, a.length, a.length * 8, DOUBLE);
                for (double v : a) {
                    b.writeDouble(v);
                }
                end(b, start);
            }
            case char[] a -> {
                int start = header(b, a.length, a.length * 4, CHAR);
                for (char v : a) {
                    b.writeInt(v);
                }
                end(b, start);
            }
            case Symbol[] a -> writeSymbols(b, a);
            case String[] a -> writeStrings(b, a);
            case Object[] a -> writeGeneric(b, a);
            default ->
                throw new IllegalArgumentException(
                        "no AMQP array for " + array.getClass().getName());
        }
    }

    private static void writeInts(ByteBuf b, int[] a) {
        boolean small = true;
        for (int v : a) {
            if (v < Byte.MIN_VALUE || v > Byte.MAX_VALUE) {
                small = false;
                break;
            }
        }
        int start = header(b, a.length, a.length * (small ? 1 : 4), small ? SMALLINT : INT);
        for (int v : a) {
            if (small) {
                b.writeByte(v);
            } else {
                b.writeInt(v);
            }
        }
        end(b, start);
    }

    private static void writeLongs(ByteBuf b, long[] a) {
        boolean small = true;
        for (long v : a) {
            if (v < Byte.MIN_VALUE || v > Byte.MAX_VALUE) {
                small = false;
                break;
            }
        }
        int start = header(b, a.length, a.length * (small ? 1 : 8), small ? SMALLLONG : LONG);
        for (long v : a) {
            if (small) {
                b.writeByte((int) v);
            } else {
                b.writeLong(v);
            }
        }
        end(b, start);
    }

    static void writeSymbols(ByteBuf b, Symbol[] a) {
        boolean small = true;
        int bodies = 0;
        for (Symbol s : a) {
            if (s == null) {
                throw new IllegalArgumentException("an AMQP array cannot hold a null symbol");
            }
            int n = s.encodedLength();
            small &= n <= 255;
            bodies += n;
        }
        bodies += a.length * (small ? 1 : 4);
        int start = header(b, a.length, bodies, small ? SYM8 : SYM32);
        for (Symbol s : a) {
            byte[] ascii = s.asciiBytes();
            if (small) {
                b.writeByte(ascii.length);
            } else {
                b.writeInt(ascii.length);
            }
            b.writeBytes(ascii);
        }
        end(b, start);
    }

    private static void writeStrings(ByteBuf b, String[] a) {
        int[] lengths = new int[a.length];
        boolean small = true;
        int bodies = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == null) {
                throw new IllegalArgumentException("an AMQP array cannot hold a null string");
            }
            lengths[i] = ByteBufUtil.utf8Bytes(a[i]);
            small &= lengths[i] <= 255;
            bodies += lengths[i];
        }
        bodies += a.length * (small ? 1 : 4);
        int start = header(b, a.length, bodies, small ? STR8 : STR32);
        for (int i = 0; i < a.length; i++) {
            if (small) {
                b.writeByte(lengths[i]);
            } else {
                b.writeInt(lengths[i]);
            }
            b.writeCharSequence(a[i], StandardCharsets.UTF_8);
        }
        end(b, start);
    }

    /**
     * Writes the header of an array of {@code count} elements whose bodies take
     * {@code bodyBytes}, choosing array8 when size and count fit a byte. Returns the index of
     * the first byte after the header, for {@link #end}'s check.
     */
    private static int header(ByteBuf b, int count, int bodyBytes, int elementCode) {
        int size8 = 1 + 1 + bodyBytes;
        if (size8 <= 255 && count <= 255) {
            b.writeByte(ARRAY8);
            b.writeByte(size8);
            b.writeByte(count);
        } else {
            b.writeByte(ARRAY32);
            b.writeInt(4 + 1 + bodyBytes);
            b.writeInt(count);
        }
        b.writeByte(elementCode);
        return b.writerIndex() + bodyBytes;
    }

    private static void end(ByteBuf b, int expectedEnd) {
        if (b.writerIndex() != expectedEnd) {
            throw new IllegalStateException("array body size miscounted: " + (b.writerIndex() - expectedEnd));
        }
    }

    /**
     * Arrays of any other element type: each element is encoded alone, then all are brought to
     * the widest constructor among them (see {@link ElementForm}) and written with it.
     */
    private static void writeGeneric(ByteBuf b, Object[] a) {
        if (a.length == 0) {
            int start = header(b, 0, 0, emptyElementCode(a.getClass().getComponentType()));
            end(b, start);
            return;
        }
        ByteBuf scratch = Unpooled.buffer(a.length * 8);
        int[] starts = new int[a.length + 1];
        boolean allNull = true;
        for (int i = 0; i < a.length; i++) {
            starts[i] = scratch.writerIndex();
            if (a[i] != null) {
                allNull = false;
                Encoder.writeObject(scratch, a[i]);
            }
        }
        starts[a.length] = scratch.writerIndex();
        if (allNull) {
            int start = header(b, a.length, 0, NULL);
            end(b, start);
            return;
        }
        for (Object o : a) {
            if (o == null) {
                throw new IllegalArgumentException("an AMQP array cannot mix null with other values");
            }
        }
        ElementForm form = ElementForm.common(scratch, starts);
        ByteBuf bodies = Unpooled.buffer(scratch.readableBytes() + a.length * 8);
        for (int i = 0; i < a.length; i++) {
            form.writeBody(scratch, starts[i], starts[i + 1], bodies);
        }
        int bodyBytes = bodies.readableBytes();
        int countAndCtor = form.constructorLength();
        int size8 = 1 + countAndCtor + bodyBytes;
        if (size8 <= 255 && a.length <= 255) {
            b.writeByte(ARRAY8);
            b.writeByte(size8);
            b.writeByte(a.length);
        } else {
            b.writeByte(ARRAY32);
            b.writeInt(4 + countAndCtor + bodyBytes);
            b.writeInt(a.length);
        }
        form.writeConstructor(b);
        b.writeBytes(bodies);
    }

    private static int emptyElementCode(Class<?> component) {
        if (component == Symbol.class) {
            return SYM8;
        } else if (component == String.class) {
            return STR8;
        } else if (component == Binary.class) {
            return VBIN8;
        } else if (component == UnsignedInteger.class) {
            return SMALLUINT;
        } else if (component == UnsignedLong.class) {
            return SMALLULONG;
        } else if (component == UnsignedByte.class) {
            return UBYTE;
        } else if (component == UnsignedShort.class) {
            return USHORT;
        } else if (component == Integer.class) {
            return SMALLINT;
        } else if (component == Long.class) {
            return SMALLLONG;
        } else if (component == Short.class) {
            return SHORT;
        } else if (component == Byte.class) {
            return BYTE;
        } else if (component == Boolean.class) {
            return BOOLEAN;
        } else if (component == Float.class) {
            return FLOAT;
        } else if (component == Double.class) {
            return DOUBLE;
        } else if (component == Timestamp.class) {
            return TIMESTAMP;
        } else if (component == UUID.class) {
            return UUID;
        } else if (component == Char.class || component == Character.class) {
            return CHAR;
        } else if (component == Decimal32.class) {
            return DECIMAL32;
        } else if (component == Decimal64.class) {
            return DECIMAL64;
        } else if (component == Decimal128.class) {
            return DECIMAL128;
        } else if (List.class.isAssignableFrom(component)) {
            return LIST8;
        } else if (Map.class.isAssignableFrom(component)) {
            return MAP8;
        } else if (component.isArray()) {
            return ARRAY8;
        }
        return NULL;
    }
}
