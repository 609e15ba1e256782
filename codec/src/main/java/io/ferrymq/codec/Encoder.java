package io.ferrymq.codec;

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

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes AMQP encodings ({@code types.xml#section-encodings}) to a Netty {@link ByteBuf}.
 *
 * <p>Every method picks the smallest valid encoding of its value: {@code uint0} and
 * {@code smalluint} for small uints, {@code str8} for short strings, {@code list8} for short
 * lists, and so on. The encoder holds no state, so it may be used from any thread on buffers
 * that thread owns.
 *
 * <p>Java types map onto AMQP types one to one, so that a value decoded by {@link Decoder}
 * re-encodes to the type it arrived as: {@link UnsignedByte}, {@link UnsignedShort},
 * {@link UnsignedInteger}, {@link UnsignedLong}, {@link Byte}, {@link Short}, {@link Integer},
 * {@link Long}, {@link Float}, {@link Double}, {@link Decimal32}, {@link Decimal64},
 * {@link Decimal128}, {@link Char}, {@link Timestamp}, {@link java.util.UUID}, {@link Binary},
 * {@link String}, {@link Symbol}, {@link List}, {@link Map}, Java arrays (AMQP arrays; note that
 * {@code byte[]} is an array of {@code byte}, while {@link Binary} is {@code binary}) and
 * {@link DescribedType}.
 */
public final class Encoder {
    private Encoder() {}

    /** Largest string length, in UTF-16 units, whose UTF-8 form surely fits {@code str8}. */
    private static final int STR8_SURE_CHARS = 255 / 3;

    public static void writeNull(ByteBuf b) {
        b.writeByte(NULL);
    }

    public static void writeBoolean(ByteBuf b, boolean value) {
        b.writeByte(value ? TRUE : FALSE);
    }

    /** Writes the boolean, or null. */
    public static void writeBoolean(ByteBuf b, Boolean value) {
        b.writeByte(value == null ? NULL : value ? TRUE : FALSE);
    }

    /** Writes a ubyte given its eight bits. */
    public static void writeUByte(ByteBuf b, byte bits) {
        b.writeShort((UBYTE << 8) | (bits & 0xff));
    }

    /** Writes a ubyte in [0, 255], or null when {@code value} is negative. */
    public static void writeUByteOrNull(ByteBuf b, int value) {
        if (value < 0) {
            b.writeByte(NULL);
        } else {
            b.writeShort((UBYTE << 8) | (value & 0xff));
        }
    }

    /** Writes a ushort given its sixteen bits. */
    public static void writeUShort(ByteBuf b, int bits) {
        b.writeByte(USHORT);
        b.writeShort(bits);
    }

    /** Writes a ushort in [0, 65535], or null when {@code value} is negative. */
    public static void writeUShortOrNull(ByteBuf b, int value) {
        if (value < 0) {
            b.writeByte(NULL);
        } else {
            writeUShort(b, value);
        }
    }

    /** Writes a uint given its 32 bits (so -1 is 4294967295). */
    public static void writeUInt(ByteBuf b, int bits) {
        if (bits == 0) {
            b.writeByte(UINT0);
        } else if ((bits & ~0xff) == 0) {
            b.writeShort((SMALLUINT << 8) | bits);
        } else {
            b.writeByte(UINT);
            b.writeInt(bits);
        }
    }

    /**
     * Writes a uint in [0, 2^32 - 1], or null when {@code value} is negative: the convention
     * composites use for absent uint fields.
     */
    public static void writeUIntOrNull(ByteBuf b, long value) {
        if (value < 0) {
            b.writeByte(NULL);
        } else {
            writeUInt(b, (int) value);
        }
    }

    /** Writes a ulong given its 64 bits. */
    public static void writeULong(ByteBuf b, long bits) {
        if (bits == 0) {
            b.writeByte(ULONG0);
        } else if ((bits & ~0xffL) == 0) {
            b.writeShort((SMALLULONG << 8) | (int) bits);
        } else {
            b.writeByte(ULONG);
            b.writeLong(bits);
        }
    }

    public static void writeByte(ByteBuf b, byte value) {
        b.writeShort((BYTE << 8) | (value & 0xff));
    }

    public static void writeShort(ByteBuf b, short value) {
        b.writeByte(SHORT);
        b.writeShort(value);
    }

    public static void writeInt(ByteBuf b, int value) {
        if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            b.writeShort((SMALLINT << 8) | (value & 0xff));
        } else {
            b.writeByte(INT);
            b.writeInt(value);
        }
    }

    public static void writeLong(ByteBuf b, long value) {
        if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            b.writeShort((SMALLLONG << 8) | ((int) value & 0xff));
        } else {
            b.writeByte(LONG);
            b.writeLong(value);
        }
    }

    public static void writeFloat(ByteBuf b, float value) {
        b.writeByte(FLOAT);
        b.writeFloat(value);
    }

    public static void writeDouble(ByteBuf b, double value) {
        b.writeByte(DOUBLE);
        b.writeDouble(value);
    }

    public static void writeDecimal32(ByteBuf b, Decimal32 value) {
        b.writeByte(DECIMAL32);
        b.writeInt(value.bits());
    }

    public static void writeDecimal64(ByteBuf b, Decimal64 value) {
        b.writeByte(DECIMAL64);
        b.writeLong(value.bits());
    }

    public static void writeDecimal128(ByteBuf b, Decimal128 value) {
        b.writeByte(DECIMAL128);
        b.writeLong(value.mostSignificantBits());
        b.writeLong(value.leastSignificantBits());
    }

    public static void writeChar(ByteBuf b, int codePoint) {
        b.writeByte(CHAR);
        b.writeInt(codePoint);
    }

    /** Writes a timestamp: milliseconds since the Unix epoch. */
    public static void writeTimestamp(ByteBuf b, long epochMillis) {
        b.writeByte(TIMESTAMP);
        b.writeLong(epochMillis);
    }

    public static void writeUuid(ByteBuf b, UUID value) {
        b.writeByte(UUID);
        b.writeLong(value.getMostSignificantBits());
        b.writeLong(value.getLeastSignificantBits());
    }

    /** Writes the binary, or null. */
    public static void writeBinary(ByteBuf b, Binary value) {
        if (value == null) {
            b.writeByte(NULL);
            return;
        }
        writeBinary(b, value.array(), value.arrayOffset(), value.length());
    }

    public static void writeBinary(ByteBuf b, byte[] bytes, int offset, int length) {
        writeBinaryHeader(b, length);
        b.writeBytes(bytes, offset, length);
    }

    /** Writes the readable bytes of {@code data} as a binary, leaving its reader index alone. */
    public static void writeBinary(ByteBuf b, ByteBuf data) {
        int length = data.readableBytes();
        writeBinaryHeader(b, length);
        b.writeBytes(data, data.readerIndex(), length);
    }

    /** Writes the constructor and size of a binary of {@code length} bytes; the bytes follow. */
    public static void writeBinaryHeader(ByteBuf b, int length) {
        if (length <= 255) {
            b.writeShort((VBIN8 << 8) | length);
        } else {
            b.writeByte(VBIN32);
            b.writeInt(length);
        }
    }

    /** Writes the string as UTF-8, or null. */
    public static void writeString(ByteBuf b, String value) {
        if (value == null) {
            b.writeByte(NULL);
            return;
        }
        if (value.length() <= STR8_SURE_CHARS) {
            int start = b.writerIndex();
            b.writeShort(STR8 << 8);
            int written = b.writeCharSequence(value, StandardCharsets.UTF_8);
            b.setByte(start + 1, written);
        } else {
            int length = ByteBufUtil.utf8Bytes(value);
            if (length <= 255) {
                b.writeShort((STR8 << 8) | length);
            } else {
                b.writeByte(STR32);
                b.writeInt(length);
            }
            b.writeCharSequence(value, StandardCharsets.UTF_8);
        }
    }

    /** Writes the symbol, or null. */
    public static void writeSymbol(ByteBuf b, Symbol value) {
        if (value == null) {
            b.writeByte(NULL);
            return;
        }
        byte[] ascii = value.asciiBytes();
        if (ascii.length <= 255) {
            b.writeShort((SYM8 << 8) | ascii.length);
        } else {
            b.writeByte(SYM32);
            b.writeInt(ascii.length);
        }
        b.writeBytes(ascii);
    }

    /**
     * Writes symbols as an AMQP array of symbol, or null. A field the spec marks
     * {@code multiple="true"} is written so.
     */
    public static void writeSymbolArray(ByteBuf b, Symbol[] values) {
        if (values == null) {
            b.writeByte(NULL);
            return;
        }
        ArrayEncoder.writeSymbols(b, values);
    }

    /** Writes the list, or null; elements by {@link #writeObject}. */
    public static void writeList(ByteBuf b, List<?> list) {
        if (list == null) {
            b.writeByte(NULL);
            return;
        }
        int count = list.size();
        if (count == 0) {
            b.writeByte(LIST0);
            return;
        }
        int start = beginCompound8(b, LIST8, count);
        for (int i = 0; i < count; i++) {
            writeObject(b, list.get(i));
        }
        endCompound8(b, start, count, LIST32);
    }

    /** Writes the map, or null; keys and values by {@link #writeObject}, in iteration order. */
    public static void writeMap(ByteBuf b, Map<?, ?> map) {
        if (map == null) {
            b.writeByte(NULL);
            return;
        }
        int count = map.size() * 2;
        int start = beginCompound8(b, MAP8, count);
        for (Map.Entry<?, ?> e : map.entrySet()) {
            writeObject(b, e.getKey());
            writeObject(b, e.getValue());
        }
        endCompound8(b, start, count, MAP32);
    }

    /** Writes a described value: the descriptor, then the value, each by {@link #writeObject}. */
    public static void writeDescribed(ByteBuf b, Object descriptor, Object value) {
        b.writeByte(DESCRIBED);
        writeObject(b, descriptor);
        writeObject(b, value);
    }

    /**
     * Writes a composite: its descriptor code, then its fields as a list, trailing absent
     * fields left out ({@code types.xml#doc-composite-type-representation}).
     */
    public static void writeComposite(ByteBuf b, CompositeType composite) {
        int count = composite.fieldCount();
        // 0x00, smallulong, code: every descriptor code the spec defines is below 256.
        b.writeMedium((SMALLULONG << 8) | (int) composite.descriptorCode());
        if (count == 0) {
            b.writeByte(LIST0);
            return;
        }
        int start = beginCompound8(b, LIST8, count);
        composite.writeFields(b, count);
        endCompound8(b, start, count, LIST32);
    }

    /**
     * Starts a list8 or map8: constructor, a size to patch, and the count. Returns the index of
     * the constructor for {@link #endCompound8}.
     */
    static int beginCompound8(ByteBuf b, int code8, int count) {
        int start = b.writerIndex();
        b.writeMedium((code8 << 16) | (count & 0xff));
        return start;
    }

    /**
     * Patches the size of the compound begun at {@code start}; when it does not fit the 8-bit
     * form, rewrites the header in the 32-bit form, moving what follows.
     */
    static void endCompound8(ByteBuf b, int start, int count, int code32) {
        int contentLength = b.writerIndex() - start - 3;
        if (contentLength + 1 <= 255 && count <= 255) {
            b.setByte(start + 1, contentLength + 1);
            return;
        }
        byte[] content = new byte[contentLength];
        b.getBytes(start + 3, content);
        b.writerIndex(start);
        b.writeByte(code32);
        b.writeInt(contentLength + 4);
        b.writeInt(count);
        b.writeBytes(content);
    }

    /**
     * Writes any supported value, choosing the AMQP type from its Java type (see the class
     * comment).
     *
     * @throws IllegalArgumentException for a Java type with no AMQP counterpart
     */
    public static void writeObject(ByteBuf b, Object value) {
        // The common types by plain instanceof tests, in the order of the switch below: the
        // switch compiles to an invokedynamic type switch, whose dispatch was a tenth of
        // encoding a message (MessageBenchmark.ferryEncode, JFR).
        if (value == null) {
            b.writeByte(NULL);
        } else if (value instanceof String s) {
            writeString(b, s);
        } else if (value instanceof Symbol s) {
            writeSymbol(b, s);
        } else if (value instanceof Encodable e) {
            e.encode(b);
        } else if (value instanceof Integer i) {
            writeInt(b, i);
        } else if (value instanceof Long l) {
            writeLong(b, l);
        } else if (value instanceof Boolean z) {
            writeBoolean(b, z.booleanValue());
        } else if (value instanceof Binary bin) {
            writeBinary(b, bin);
        } else {
            writeOther(b, value);
        }
    }

    private static void writeOther(ByteBuf b, Object value) {
        switch (value) {
            case UnsignedInteger u -> writeUInt(b, u.intBits());
            case UnsignedLong u -> writeULong(b, u.longBits());
            case UnsignedByte u -> writeUByte(b, u.byteBits());
            case UnsignedShort u -> writeUShort(b, u.shortBits());
            case List<?> l -> writeList(b, l);
            case Map<?, ?> m -> writeMap(b, m);
            case Timestamp t -> writeTimestamp(b, t.epochMillis());
            case UUID u -> writeUuid(b, u);
            case Byte x -> writeByte(b, x);
            case Short x -> writeShort(b, x);
            case Float f -> writeFloat(b, f);
            case Double d -> writeDouble(b, d);
            case Char c -> writeChar(b, c.codePoint());
            case Character c -> writeChar(b, c);
            case Decimal32 d -> writeDecimal32(b, d);
            case Decimal64 d -> writeDecimal64(b, d);
            case Decimal128 d -> writeDecimal128(b, d);
            case UnknownDescribedType u -> writeUnknownDescribed(b, u);
            case DescribedType d -> writeDescribed(b, d.descriptor(), d.described());
            default -> {
                if (value.getClass().isArray()) {
                    ArrayEncoder.write(b, value);
                } else {
                    throw new IllegalArgumentException(
                            "no AMQP type for a " + value.getClass().getName()
                                    + " (use the codec's types: Symbol, Binary, UnsignedInteger, Timestamp, ...)");
                }
            }
        }
    }

    private static void writeUnknownDescribed(ByteBuf b, UnknownDescribedType u) {
        byte[] encoding = u.encoding();
        if (encoding != null) {
            b.writeBytes(encoding);
        } else {
            writeDescribed(b, u.descriptor(), u.described());
        }
    }

    /** Encodes a value into a new heap buffer: convenient for tests and non-hot paths. */
    public static ByteBuf encode(Object value) {
        ByteBuf b = Unpooled.buffer(64);
        writeObject(b, value);
        return b;
    }

    /** Encodes a value into a new byte array. */
    public static byte[] toBytes(Object value) {
        ByteBuf b = encode(value);
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        return bytes;
    }
}
