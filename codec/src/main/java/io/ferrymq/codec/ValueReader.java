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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A decoder's values of any type: the dispatch on the constructor, the compounds (lists, maps,
 * and the bound on their nesting) and the described values, which go to the {@link
 * DescribedTypes} the decoder knows. Strings and symbols are read by its {@link TextReader},
 * arrays by {@link ArrayDecoder}.
 */
abstract sealed class ValueReader extends Cursor permits Decoder {
    final int maxDepth;
    /** Where each compound entered ends, by depth. */
    final int[] ends;
    /** How many items each compound entered holds, by depth. */
    final int[] counts;
    /** How many compounds and described values are entered. */
    int depth;

    private final DescribedTypes types;
    /*
     * The registry's known codes and reader, held here: the fast path reads them from the
     * decoder itself, one load less. Measured (FlowBenchmark.ferryDecode, JMH): read through the
     * registry object, 7% fewer decodes a second.
     */
    private final long knownLow;
    private final long knownHigh;
    final DescribedTypes.Reader reader;
    private final TextReader text = new TextReader();

    ValueReader(DescribedTypes types, int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1: " + maxDepth);
        }
        this.types = Objects.requireNonNull(types, "types");
        this.knownLow = types.knownLow;
        this.knownHigh = types.knownHigh;
        this.reader = types.reader;
        this.maxDepth = maxDepth;
        this.ends = new int[maxDepth + 1];
        this.counts = new int[maxDepth + 1];
    }

    /** Reads one value starting at {@code start}, turning a bounds or argument failure into a decode error. */
    Object readValueAt(ByteBuf b, int start) {
        try {
            int ctor = readConstructor(b);
            return ctor == DESCRIBED ? readDescribed(b) : readValue(b, ctor);
        } catch (IndexOutOfBoundsException e) {
            throw new DecodeException("truncated value", start, e);
        } catch (IllegalArgumentException e) {
            throw new DecodeException("invalid value: " + e.getMessage(), start, e);
        }
    }

    /**
     * Reads a value whose constructor {@code ctor} has just been read: for decoders of
     * described types that accept any value.
     */
    public Object readValue(ByteBuf b, int ctor) {
        switch (ctor) {
            case DESCRIBED:
                return readDescribed(b);
            case NULL:
                return null;
            case TRUE:
                return true;
            case FALSE:
                return false;
            case UINT0:
                return UnsignedInteger.ZERO;
            case ULONG0:
                return UnsignedLong.ZERO;
            case LIST0:
                return new ArrayList<>(0);
            case VBIN8, VBIN32:
                return readBinaryBody(b, ctor);
            case STR8, STR32:
                return readStringBody(b, ctor);
            case SYM8, SYM32:
                return readSymbolBody(b, ctor);
            case LIST8, LIST32:
                return readListBody(b, ctor);
            case MAP8, MAP32:
                return readMapBody(b, ctor, Object.class, "map");
            case ARRAY8, ARRAY32:
                return ArrayDecoder.read(this, b, ctor);
            default:
                break;
        }
        int width = fixedWidth(ctor);
        if (width > 0) {
            need(b, width, ctor);
            return switch (ctor) {
                case UBYTE -> UnsignedByte.valueOf((byte) readU8(b));
                case BYTE -> (byte) readU8(b);
                case SMALLUINT -> UnsignedInteger.valueOf(readU8(b));
                case SMALLULONG -> UnsignedLong.valueOf(readU8(b));
                case SMALLINT -> (int) (byte) readU8(b);
                case SMALLLONG -> (long) (byte) readU8(b);
                case BOOLEAN -> readBooleanByte(b);
                case USHORT -> UnsignedShort.valueOf(readI16(b));
                case SHORT -> readI16(b);
                case UINT -> UnsignedInteger.valueOf(readI32(b));
                case INT -> readI32(b);
                case FLOAT -> Float.intBitsToFloat(readI32(b));
                case CHAR -> readChar(b);
                case DECIMAL32 -> new Decimal32(readI32(b));
                case ULONG -> UnsignedLong.valueOf(readI64(b));
                case LONG -> readI64(b);
                case DOUBLE -> Double.longBitsToDouble(readI64(b));
                case TIMESTAMP -> new Timestamp(readI64(b));
                case DECIMAL64 -> new Decimal64(readI64(b));
                case DECIMAL128 -> new Decimal128(readI64(b), readI64(b));
                case UUID -> new UUID(readI64(b), readI64(b));
                default -> throw unknownConstructor(b, ctor);
            };
        }
        throw unknownConstructor(b, ctor);
    }

    private DecodeException unknownConstructor(ByteBuf b, int ctor) {
        return new DecodeException("unknown constructor 0x" + Integer.toHexString(ctor), at(b) - 1);
    }

    Boolean readBooleanByte(ByteBuf b) {
        int v = readU8(b);
        if (v > 1) {
            throw new DecodeException("boolean byte must be 0x00 or 0x01, not 0x" + Integer.toHexString(v), at(b) - 1);
        }
        return v == 1;
    }

    private Char readChar(ByteBuf b) {
        int cp = readI32(b);
        if (!Character.isValidCodePoint(cp)) {
            throw new DecodeException("char is not a Unicode code point: 0x" + Integer.toHexString(cp), at(b) - 4);
        }
        return new Char(cp);
    }

    Binary readBinaryBody(ByteBuf b, int ctor) {
        int size = readSize(b, ctor, ctor == VBIN32);
        return new Binary(readCopy(b, size));
    }

    String readStringBody(ByteBuf b, int ctor) {
        int size = readSize(b, ctor, ctor == STR32);
        return text.readUtf8(this, b, size);
    }

    Symbol readSymbolBody(ByteBuf b, int ctor) {
        int size = readSize(b, ctor, ctor == SYM32);
        return text.readSymbol(this, b, size);
    }

    /** Reads an array whose constructor {@code ctor} has just been read. */
    Object readArrayBody(ByteBuf b, int ctor) {
        return ArrayDecoder.read(this, b, ctor);
    }

    /**
     * Reads a map value: the types application-properties mostly hold (strings, booleans,
     * longs and ints) read here, anything else through readValue. Profile
     * (MessageBenchmark.ferryDecode): readValue, compiled on its own with every compound it
     * reads inlined, is too big for the JIT to inline, so each value paid a call and a dispatch.
     */
    private Object readMapValue(ByteBuf b) {
        int ctor = readConstructor(b);
        switch (ctor) {
            case STR8:
                return readStringBody(b, ctor);
            case TRUE:
                return true;
            case FALSE:
                return false;
            case NULL:
                return null;
            case LONG:
                need(b, 8, ctor);
                return readI64(b);
            case INT:
                need(b, 4, ctor);
                return readI32(b);
            default:
                return readValue(b, ctor);
        }
    }

    /** Reads a map key: a short string through the key cache, anything else as any value. */
    private Object readMapKey(ByteBuf b) {
        int ctor = readConstructor(b);
        if (ctor != STR8 || b != buffer) {
            return readValue(b, ctor);
        }
        return text.readKey(this, b, readSize(b, ctor, false));
    }

    // ---------------------------------------------------------------- compounds

    /** Enters a compound or described value, within the bound on nesting. */
    void enter(ByteBuf b) {
        if (++depth > maxDepth) {
            throw new DecodeException("values nested deeper than " + maxDepth + " levels", at(b));
        }
    }

    /**
     * Reads the size and count of a list or map with constructor {@code ctor}, checks them
     * against the bytes present, and enters it. Returns the count of items.
     */
    int beginCompound(ByteBuf b, int ctor) {
        if (ctor == LIST0) {
            enter(b);
            ends[depth] = at(b);
            counts[depth] = 0;
            return 0;
        }
        boolean wide = ctor == LIST32 || ctor == MAP32;
        int size = readSize(b, ctor, wide);
        int countWidth = wide ? 4 : 1;
        if (size < countWidth) {
            throw new DecodeException(TypeCode.describe(ctor) + " size " + size + " cannot hold its count", at(b));
        }
        int end = at(b) + size;
        long count = wide ? readI32(b) & 0xffff_ffffL : readU8(b);
        // Every item takes at least one byte, so a count beyond the bytes present is a lie.
        if (count > size - countWidth) {
            throw new DecodeException(
                    TypeCode.describe(ctor) + " count " + count + " exceeds its " + (size - countWidth)
                            + " bytes of items",
                    at(b));
        }
        enter(b);
        ends[depth] = end;
        counts[depth] = (int) count;
        return (int) count;
    }

    /** Leaves the compound entered last, whose items must end where its size said. */
    void endCompound(ByteBuf b, String what) {
        checkEnd(b, ends[depth], what);
        depth--;
    }

    /** Checks that a compound's items ended exactly where its size said. */
    void checkEnd(ByteBuf b, int end, String what) {
        int at = at(b);
        if (at > end) {
            throw new DecodeException(what + " items run " + (at - end) + " bytes past its size", at);
        } else if (at < end) {
            throw new DecodeException(what + " items end " + (end - at) + " bytes before its size", at);
        }
    }

    List<Object> readListBody(ByteBuf b, int ctor) {
        int count = beginCompound(b, ctor);
        List<Object> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(readValue(b, readConstructor(b)));
        }
        endCompound(b, "list");
        return list;
    }

    /**
     * Reads a map whose keys must be of {@code keyType} (checked as each is read: a second
     * pass over the keys would make an iterator and the map's key set, 48 bytes a map).
     */
    Map<Object, Object> readMapBody(ByteBuf b, int ctor, Class<?> keyType, String what) {
        int count = beginCompound(b, ctor);
        if ((count & 1) != 0) {
            throw new DecodeException("map has an odd number of items: " + count, at(b));
        }
        // A few entries (types.xml#type-map: distinct keys; a repeated one keeps its last
        // value, as put does) go in one array; more in a LinkedHashMap sized for them, so its
        // table is made once: a capacity of entries / 0.75 rounded up, in ints.
        int entries = count / 2;
        Map<Object, Object> map = entries <= CompactMap.MAX_SMALL
                ? new CompactMap<>(entries)
                : new LinkedHashMap<>(entries + (entries + 2) / 3);
        for (int i = 0; i < count; i += 2) {
            int keyAt = at(b);
            Object key = readMapKey(b);
            if (keyType != Object.class && !keyType.isInstance(key)) {
                throw new DecodeException(
                        what + ": keys are of type " + keyType.getSimpleName() + ", found " + describeValue(key),
                        keyAt);
            }
            Object value = readMapValue(b);
            map.put(key, value);
        }
        endCompound(b, "map");
        return map;
    }

    // ---------------------------------------------------------------- described values

    Object readDescriptor(ByteBuf b) {
        int ctor = readConstructor(b);
        return switch (ctor) {
            case SMALLULONG -> {
                need(b, 1, ctor);
                yield UnsignedLong.valueOf(readU8(b));
            }
            case ULONG -> {
                need(b, 8, ctor);
                yield UnsignedLong.valueOf(readI64(b));
            }
            case ULONG0 -> UnsignedLong.ZERO;
            case SYM8, SYM32 -> readSymbolBody(b, ctor);
            case NULL -> throw new DecodeException("a descriptor cannot be null", at(b) - 1);
            default -> readValue(b, ctor);
        };
    }

    /** Reads a described value, its constructor read. */
    Object readDescribed(ByteBuf b) {
        int start = at(b) - 1;
        enter(b);
        int i = at(b);
        int code;
        int ctor;
        Object descriptor = null;
        if (b == buffer
                && limit - i >= 3
                && array[base + i] == SMALLULONG
                && DescribedTypes.isKnown(knownLow, knownHigh, array[base + i + 1] & 0xff)) {
            // The form every peer uses for the spec's types (smallulong code): descriptor and
            // value constructor in one step, no boxing, no lookup by the descriptor's Java type.
            code = array[base + i + 1] & 0xff;
            ctor = array[base + i + 2] & 0xff;
            pos = i + 3;
        } else {
            descriptor = readDescriptor(b);
            code = types.codeOf(descriptor);
            ctor = readConstructor(b);
        }
        Object result;
        if (code >= 0) {
            result = reader.read(code, decoder(), b, ctor);
        } else {
            Object value = readValue(b, ctor);
            byte[] encoding = new byte[at(b) - start];
            b.getBytes(start, encoding);
            result = new UnknownDescribedType(descriptor, value, encoding);
        }
        depth--;
        return result;
    }

    /** The code of a described type the decoder knows, or -1. */
    int codeOf(Object descriptor) {
        return types.codeOf(descriptor);
    }

    /** Reads the value of the known described type {@code code}, its constructor read. */
    Object readKnown(int code, ByteBuf b, int ctor) {
        return reader.read(code, decoder(), b, ctor);
    }

    /** This decoder, as the described types' readers take it. */
    private Decoder decoder() {
        return (Decoder) this; // the one class that extends this one
    }

    static String describeValue(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof UnknownDescribedType u) {
            return "described type " + u.descriptor();
        }
        return v.getClass().getSimpleName();
    }
}
