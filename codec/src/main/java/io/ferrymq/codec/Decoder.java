package io.ferrymq.codec;

import static io.ferrymq.codec.TypeCode.*;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads AMQP encodings ({@code types.xml#section-encodings}) from a Netty {@link ByteBuf},
 * accepting every valid encoding of each type.
 *
 * <p>A decoder is for one thread at a time (an engine owns one): it keeps the nesting depth
 * and a small cache of recently seen symbols. Input is treated as hostile: every size and
 * count is checked against the bytes present before anything is allocated, nesting is
 * bounded, strings must be valid UTF-8 and symbols ASCII; any violation raises a
 * {@link DecodeException} that says what was wrong and where, and nothing else escapes.
 *
 * <p>Values decode to the Java types listed in {@link Encoder}, so they re-encode to the AMQP
 * type they arrived as. Known described types (performatives, sections, outcomes, ...) decode
 * to their classes; unknown ones to {@link UnknownDescribedType}, which keeps its bytes.
 */
public final class Decoder {
    /** Default bound on nesting of lists, maps, arrays and described values. */
    public static final int DEFAULT_MAX_DEPTH = 64;
    /** Bound on the count of an array whose elements take no bytes (such as an array of null). */
    public static final int MAX_ZERO_WIDTH_ELEMENTS = 65_536;

    private static final int SYMBOL_CACHE_SIZE = 256;
    private static final int SCRATCH_LIMIT = 64 * 1024;

    private final int maxDepth;
    private final int[] ends;
    private final int[] counts;
    private int depth;
    private final Symbol[] symbolCache = new Symbol[SYMBOL_CACHE_SIZE];
    private CharsetDecoder utf8;
    private byte[] scratch = new byte[256];

    public Decoder() {
        this(DEFAULT_MAX_DEPTH);
    }

    public Decoder(int maxDepth) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1: " + maxDepth);
        }
        this.maxDepth = maxDepth;
        this.ends = new int[maxDepth + 1];
        this.counts = new int[maxDepth + 1];
    }

    // ---------------------------------------------------------------- entry points

    /**
     * Reads one value of any type.
     *
     * @throws DecodeException when the bytes are not a valid encoding
     */
    public Object readObject(ByteBuf b) {
        int start = b.readerIndex();
        int saved = depth;
        try {
            return readValue(b, readConstructor(b));
        } catch (IndexOutOfBoundsException e) {
            throw new DecodeException("truncated value", start, e);
        } catch (IllegalArgumentException e) {
            throw new DecodeException("invalid value: " + e.getMessage(), start, e);
        } finally {
            depth = saved;
        }
    }

    /** Reads one value, which must be a described value of type {@code type} (or null). */
    public <T> T readObject(ByteBuf b, Class<T> type, String what) {
        Object v = readObject(b);
        if (v != null && !type.isInstance(v)) {
            throw new DecodeException(what + ": expected " + type.getSimpleName() + ", found " + describeValue(v),
                    b.readerIndex());
        }
        return type.cast(v);
    }

    // ---------------------------------------------------------------- generic values

    private int readConstructor(ByteBuf b) {
        if (!b.isReadable()) {
            throw new DecodeException("truncated: a constructor was expected", b.readerIndex());
        }
        return b.readUnsignedByte();
    }

    private void need(ByteBuf b, long n, int ctor) {
        if (b.readableBytes() < n) {
            throw new DecodeException("truncated " + TypeCode.describe(ctor) + ": needs " + n + " bytes, "
                    + b.readableBytes() + " present", b.readerIndex());
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
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            case UINT0:
                return UnsignedInteger.ZERO;
            case ULONG0:
                return UnsignedLong.ZERO;
            case LIST0:
                return new ArrayList<>(0);
            default:
                break;
        }
        int width = fixedWidth(ctor);
        if (width > 0) {
            need(b, width, ctor);
            return switch (ctor) {
                case UBYTE -> UnsignedByte.valueOf(b.readByte());
                case BYTE -> b.readByte();
                case SMALLUINT -> UnsignedInteger.valueOf(b.readUnsignedByte());
                case SMALLULONG -> UnsignedLong.valueOf(b.readUnsignedByte());
                case SMALLINT -> (int) b.readByte();
                case SMALLLONG -> (long) b.readByte();
                case BOOLEAN -> readBooleanByte(b);
                case USHORT -> UnsignedShort.valueOf(b.readShort());
                case SHORT -> b.readShort();
                case UINT -> UnsignedInteger.valueOf(b.readInt());
                case INT -> b.readInt();
                case FLOAT -> b.readFloat();
                case CHAR -> readChar(b);
                case DECIMAL32 -> new Decimal32(b.readInt());
                case ULONG -> UnsignedLong.valueOf(b.readLong());
                case LONG -> b.readLong();
                case DOUBLE -> b.readDouble();
                case TIMESTAMP -> new Timestamp(b.readLong());
                case DECIMAL64 -> new Decimal64(b.readLong());
                case DECIMAL128 -> new Decimal128(b.readLong(), b.readLong());
                case UUID -> new java.util.UUID(b.readLong(), b.readLong());
                default -> throw unknownConstructor(b, ctor);
            };
        }
        return switch (ctor) {
            case VBIN8, VBIN32 -> readBinaryBody(b, ctor);
            case STR8, STR32 -> readStringBody(b, ctor);
            case SYM8, SYM32 -> readSymbolBody(b, ctor);
            case LIST8, LIST32 -> readListBody(b, ctor);
            case MAP8, MAP32 -> readMapBody(b, ctor);
            case ARRAY8, ARRAY32 -> readArrayBody(b, ctor);
            default -> throw unknownConstructor(b, ctor);
        };
    }

    private DecodeException unknownConstructor(ByteBuf b, int ctor) {
        return new DecodeException("unknown constructor 0x" + Integer.toHexString(ctor), b.readerIndex() - 1);
    }

    private Boolean readBooleanByte(ByteBuf b) {
        int v = b.readUnsignedByte();
        if (v > 1) {
            throw new DecodeException("boolean byte must be 0x00 or 0x01, not 0x" + Integer.toHexString(v),
                    b.readerIndex() - 1);
        }
        return v == 1;
    }

    private Char readChar(ByteBuf b) {
        int cp = b.readInt();
        if (!Character.isValidCodePoint(cp)) {
            throw new DecodeException("char is not a Unicode code point: 0x" + Integer.toHexString(cp),
                    b.readerIndex() - 4);
        }
        return new Char(cp);
    }

    /** Reads the size of a variable-width or compound value and checks the bytes are present. */
    private int readSize(ByteBuf b, int ctor, boolean wide) {
        need(b, wide ? 4 : 1, ctor);
        long size = wide ? b.readUnsignedInt() : b.readUnsignedByte();
        need(b, size, ctor);
        return (int) size;
    }

    private static boolean isWide(int ctor) {
        return (ctor & 0xf0) == 0xb0 || ctor == LIST32 || ctor == MAP32 || ctor == ARRAY32;
    }

    private Binary readBinaryBody(ByteBuf b, int ctor) {
        int size = readSize(b, ctor, ctor == VBIN32);
        byte[] bytes = new byte[size];
        b.readBytes(bytes);
        return new Binary(bytes);
    }

    private String readStringBody(ByteBuf b, int ctor) {
        int size = readSize(b, ctor, ctor == STR32);
        return readUtf8(b, size);
    }

    private String readUtf8(ByteBuf b, int size) {
        int start = b.readerIndex();
        byte[] array;
        int offset;
        if (b.hasArray()) {
            array = b.array();
            offset = b.arrayOffset() + start;
        } else {
            array = size <= SCRATCH_LIMIT ? scratch(size) : new byte[size];
            offset = 0;
            b.getBytes(start, array, 0, size);
        }
        b.skipBytes(size);
        boolean ascii = true;
        for (int i = offset, end = offset + size; i < end; i++) {
            if (array[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return new String(array, offset, size, StandardCharsets.ISO_8859_1);
        }
        if (utf8 == null) {
            utf8 = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        try {
            CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(array, offset, size));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new DecodeException("string is not valid UTF-8", start, e);
        }
    }

    private byte[] scratch(int size) {
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, scratch.length * 2)];
        }
        return scratch;
    }

    private Symbol readSymbolBody(ByteBuf b, int ctor) {
        int size = readSize(b, ctor, ctor == SYM32);
        int start = b.readerIndex();
        int hash = 0;
        for (int i = 0; i < size; i++) {
            byte c = b.getByte(start + i);
            if (c < 0) {
                throw new DecodeException("symbol is not ASCII: byte 0x" + Integer.toHexString(c & 0xff)
                        + " at index " + i, start + i);
            }
            hash = 31 * hash + c;
        }
        int slot = (hash ^ (hash >>> 16)) & (SYMBOL_CACHE_SIZE - 1);
        Symbol cached = symbolCache[slot];
        if (cached != null && sameBytes(cached.asciiBytes(), b, start, size)) {
            b.skipBytes(size);
            return cached;
        }
        byte[] ascii = new byte[size];
        b.readBytes(ascii);
        Symbol s = Symbol.fromAscii(ascii);
        symbolCache[slot] = s;
        return s;
    }

    private static boolean sameBytes(byte[] a, ByteBuf b, int start, int size) {
        if (a.length != size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (a[i] != b.getByte(start + i)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- compounds

    private void enter(ByteBuf b) {
        if (++depth > maxDepth) {
            throw new DecodeException("values nested deeper than " + maxDepth + " levels", b.readerIndex());
        }
    }

    /**
     * Reads the size and count of a list or map with constructor {@code ctor}, checks them
     * against the bytes present, and enters it. Returns the count of items.
     */
    private int beginCompound(ByteBuf b, int ctor) {
        if (ctor == LIST0) {
            enter(b);
            ends[depth] = b.readerIndex();
            counts[depth] = 0;
            return 0;
        }
        boolean wide = isWide(ctor);
        int size = readSize(b, ctor, wide);
        int countWidth = wide ? 4 : 1;
        if (size < countWidth) {
            throw new DecodeException(TypeCode.describe(ctor) + " size " + size + " cannot hold its count",
                    b.readerIndex());
        }
        int end = b.readerIndex() + size;
        long count = wide ? b.readUnsignedInt() : b.readUnsignedByte();
        // Every item takes at least one byte, so a count beyond the bytes present is a lie.
        if (count > size - countWidth) {
            throw new DecodeException(TypeCode.describe(ctor) + " count " + count + " exceeds its "
                    + (size - countWidth) + " bytes of items", b.readerIndex());
        }
        enter(b);
        ends[depth] = end;
        counts[depth] = (int) count;
        return (int) count;
    }

    private void endCompound(ByteBuf b, String what) {
        checkEnd(b, ends[depth], what);
        depth--;
    }

    /** Checks that a compound's items ended exactly where its size said. */
    private static void checkEnd(ByteBuf b, int end, String what) {
        int at = b.readerIndex();
        if (at > end) {
            throw new DecodeException(what + " items run " + (at - end) + " bytes past its size", at);
        } else if (at < end) {
            throw new DecodeException(what + " items end " + (end - at) + " bytes before its size", at);
        }
    }

    private List<Object> readListBody(ByteBuf b, int ctor) {
        int count = beginCompound(b, ctor);
        List<Object> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(readValue(b, readConstructor(b)));
        }
        endCompound(b, "list");
        return list;
    }

    private Map<Object, Object> readMapBody(ByteBuf b, int ctor) {
        int count = beginCompound(b, ctor);
        if ((count & 1) != 0) {
            throw new DecodeException("map has an odd number of items: " + count, b.readerIndex());
        }
        Map<Object, Object> map = new LinkedHashMap<>(Math.max(4, count));
        for (int i = 0; i < count; i += 2) {
            Object key = readValue(b, readConstructor(b));
            Object value = readValue(b, readConstructor(b));
            map.put(key, value);
        }
        endCompound(b, "map");
        return map;
    }

    private Object readArrayBody(ByteBuf b, int ctor) {
        boolean wide = ctor == ARRAY32;
        int size = readSize(b, ctor, wide);
        int countWidth = wide ? 4 : 1;
        if (size < countWidth + 1) {
            throw new DecodeException("array size " + size + " cannot hold its count and constructor",
                    b.readerIndex());
        }
        int end = b.readerIndex() + size;
        long count = wide ? b.readUnsignedInt() : b.readUnsignedByte();
        enter(b);
        int elementCtor = readConstructor(b);
        Object result;
        if (elementCtor == DESCRIBED) {
            result = readDescribedArray(b, count, end);
        } else {
            checkArrayCount(b, elementCtor, count, end);
            result = readArrayElements(b, elementCtor, (int) count);
        }
        checkEnd(b, end, "array");
        depth--;
        return result;
    }

    private void checkArrayCount(ByteBuf b, int elementCtor, long count, int end) {
        int width = fixedWidth(elementCtor);
        long available = end - b.readerIndex();
        if (width == 0) {
            if (count > MAX_ZERO_WIDTH_ELEMENTS) {
                throw new DecodeException("array of " + count + " zero-width " + TypeCode.describe(elementCtor)
                        + " elements exceeds the limit of " + MAX_ZERO_WIDTH_ELEMENTS, b.readerIndex());
            }
        } else if (count * Math.max(width, 1) > available) {
            throw new DecodeException("array count " + count + " of " + TypeCode.describe(elementCtor)
                    + " exceeds its " + available + " bytes of elements", b.readerIndex());
        }
    }

    private Object readArrayElements(ByteBuf b, int ctor, int count) {
        switch (ctor) {
            case BOOLEAN, TRUE, FALSE -> {
                boolean[] a = new boolean[count];
                for (int i = 0; i < count; i++) {
                    a[i] = ctor == BOOLEAN ? readBooleanByte(b) : ctor == TRUE;
                }
                return a;
            }
            case BYTE -> {
                byte[] a = new byte[count];
                b.readBytes(a);
                return a;
            }
            case SHORT -> {
                short[] a = new short[count];
                for (int i = 0; i < count; i++) {
                    a[i] = b.readShort();
                }
                return a;
            }
            case INT, SMALLINT -> {
                int[] a = new int[count];
                for (int i = 0; i < count; i++) {
                    a[i] = ctor == INT ? b.readInt() : b.readByte();
                }
                return a;
            }
            case LONG, SMALLLONG -> {
                long[] a = new long[count];
                for (int i = 0; i < count; i++) {
                    a[i] = ctor == LONG ? b.readLong() : b.readByte();
                }
                return a;
            }
            case FLOAT -> {
                float[] a = new float[count];
                for (int i = 0; i < count; i++) {
                    a[i] = b.readFloat();
                }
                return a;
            }
            case DOUBLE -> {
                double[] a = new double[count];
                for (int i = 0; i < count; i++) {
                    a[i] = b.readDouble();
                }
                return a;
            }
            default -> {
                Object[] a = newElementArray(ctor, count);
                for (int i = 0; i < count; i++) {
                    a[i] = readValue(b, ctor);
                }
                return a;
            }
        }
    }

    private Object[] newElementArray(int ctor, int count) {
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
            case UUID -> new java.util.UUID[count];
            case VBIN8, VBIN32 -> new Binary[count];
            case STR8, STR32 -> new String[count];
            case SYM8, SYM32 -> new Symbol[count];
            case LIST0, LIST8, LIST32 -> new List<?>[count];
            case MAP8, MAP32 -> new Map<?, ?>[count];
            case ARRAY8, ARRAY32 -> new Object[count];
            default -> throw new DecodeException("unknown array element constructor 0x" + Integer.toHexString(ctor),
                    -1);
        };
    }

    private Object[] readDescribedArray(ByteBuf b, long count, int end) {
        int descriptorStart = b.readerIndex();
        Object descriptor = readDescriptor(b);
        DescribedTypeDecoder<?> known = SpecTypes.decoderFor(descriptor);
        int valueCtor = readConstructor(b);
        if (valueCtor == DESCRIBED) {
            throw new DecodeException("array element constructor is described twice", descriptorStart);
        }
        checkArrayCount(b, valueCtor, count, end);
        Object[] a = new Object[(int) count];
        for (int i = 0; i < a.length; i++) {
            a[i] = known != null ? known.decode(this, b, valueCtor)
                    : new UnknownDescribedType(descriptor, readValue(b, valueCtor));
        }
        return a;
    }

    // ---------------------------------------------------------------- described values

    private Object readDescriptor(ByteBuf b) {
        int ctor = readConstructor(b);
        return switch (ctor) {
            case SMALLULONG -> {
                need(b, 1, ctor);
                yield UnsignedLong.valueOf(b.readUnsignedByte());
            }
            case ULONG -> {
                need(b, 8, ctor);
                yield UnsignedLong.valueOf(b.readLong());
            }
            case ULONG0 -> UnsignedLong.ZERO;
            case SYM8, SYM32 -> readSymbolBody(b, ctor);
            case NULL -> throw new DecodeException("a descriptor cannot be null", b.readerIndex() - 1);
            default -> readValue(b, ctor);
        };
    }

    private Object readDescribed(ByteBuf b) {
        int start = b.readerIndex() - 1;
        enter(b);
        Object descriptor = readDescriptor(b);
        DescribedTypeDecoder<?> known = SpecTypes.decoderFor(descriptor);
        int ctor = readConstructor(b);
        Object result;
        if (known != null) {
            result = known.decode(this, b, ctor);
        } else {
            Object value = readValue(b, ctor);
            byte[] encoding = new byte[b.readerIndex() - start];
            b.getBytes(start, encoding);
            result = new UnknownDescribedType(descriptor, value, encoding);
        }
        depth--;
        return result;
    }

    // ---------------------------------------------------------------- composite fields

    /**
     * Begins reading a composite's list of fields: the list's constructor has been read as
     * {@code ctor}. Returns how many fields are present; fields beyond that take the spec's
     * defaults. Call {@link #endComposite} after reading the fields.
     */
    public int beginComposite(ByteBuf b, int ctor, String composite) {
        if (ctor != LIST0 && ctor != LIST8 && ctor != LIST32) {
            throw new DecodeException(composite + ": expected a list of fields, found " + TypeCode.describe(ctor),
                    b.readerIndex() - 1);
        }
        return beginCompound(b, ctor);
    }

    /**
     * Ends a composite of which {@code known} fields were read: fields a newer version of the
     * spec may have added are skipped, and the list's size is checked.
     */
    public void endComposite(ByteBuf b, int known, String composite) {
        for (int i = known; i < counts[depth]; i++) {
            int next = Encodings.valueEnd(b, b.readerIndex(), maxDepth);
            b.readerIndex(next);
        }
        endCompound(b, composite);
    }

    /** The error for a mandatory field that is absent or null. */
    public DecodeException missing(ByteBuf b, String composite, String field) {
        return new DecodeException(composite + ": mandatory field '" + field + "' is missing", b.readerIndex());
    }

    private DecodeException unexpected(ByteBuf b, int ctor, String expected, String field) {
        return new DecodeException(field + ": expected " + expected + ", found " + TypeCode.describe(ctor),
                b.readerIndex() - 1);
    }

    /** Reads a uint field: its value in [0, 2^32 - 1], or -1 when null. */
    public long readUInt(ByteBuf b, String field) {
        int ctor = readConstructor(b);
        switch (ctor) {
            case NULL:
                return -1;
            case UINT0:
                return 0;
            case SMALLUINT:
                need(b, 1, ctor);
                return b.readUnsignedByte();
            case UINT:
                need(b, 4, ctor);
                return b.readUnsignedInt();
            default:
                throw unexpected(b, ctor, "uint", field);
        }
    }

    /** Reads a ubyte field: its value in [0, 255], or -1 when null. */
    public int readUByte(ByteBuf b, String field) {
        int ctor = readConstructor(b);
        if (ctor == NULL) {
            return -1;
        }
        if (ctor != UBYTE) {
            throw unexpected(b, ctor, "ubyte", field);
        }
        need(b, 1, ctor);
        return b.readUnsignedByte();
    }

    /** Reads a ushort field: its value in [0, 65535], or -1 when null. */
    public int readUShort(ByteBuf b, String field) {
        int ctor = readConstructor(b);
        if (ctor == NULL) {
            return -1;
        }
        if (ctor != USHORT) {
            throw unexpected(b, ctor, "ushort", field);
        }
        need(b, 2, ctor);
        return b.readUnsignedShort();
    }

    /** Reads a ulong field, or null. */
    public UnsignedLong readULong(ByteBuf b, String field) {
        int ctor = readConstructor(b);
        switch (ctor) {
            case NULL:
                return null;
            case ULONG0:
                return UnsignedLong.ZERO;
            case SMALLULONG:
                need(b, 1, ctor);
                return UnsignedLong.valueOf(b.readUnsignedByte());
            case ULONG:
                need(b, 8, ctor);
                return UnsignedLong.valueOf(b.readLong());
            default:
                throw unexpected(b, ctor, "ulong", field);
        }
    }

    /** Reads a boolean field, or null. */
    public Boolean readBoolean(ByteBuf b, String field) {
        int ctor = readConstructor(b);
        switch (ctor) {
            case NULL:
                return null;
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            case BOOLEAN:
                need(b, 1, ctor);
                return readBooleanByte(b);
            default:
                throw unexpected(b, ctor, "boolean", field);
        }
    }

    /** Reads a boolean field, giving {@code absent} when it is null. */
    public boolean readBoolean(ByteBuf b, String field, boolean absent) {
        Boolean v = readBoolean(b, field);
        return v == null ? absent : v;
    }

    /** Reads a timestamp field: milliseconds since the epoch, or {@code absent} when null. */
    public long readTimestamp(ByteBuf b, String field, long absent) {
        int ctor = readConstructor(b);
        if (ctor == NULL) {
            return absent;
        }
        if (ctor != TIMESTAMP) {
            throw unexpected(b, ctor, "timestamp", field);
        }
        need(b, 8, ctor);
        return b.readLong();
    }

    /** Reads a symbol field, or null. */
    public Symbol readSymbol(ByteBuf b, String field) {
        int ctor = readConstructor(b);
        if (ctor == NULL) {
            return null;
        }
        if (ctor != SYM8 && ctor != SYM32) {
            throw unexpected(b, ctor, "symbol", field);
        }
        return readSymbolBody(b, ctor);
    }

    /**
     * Reads a field of symbols the spec marks {@code multiple="true"}: an array of symbol, a
     * single symbol (a one-element array), or null ({@code types.xml#doc-composite-type-representation}).
     */
    public Symbol[] readSymbols(ByteBuf b, String field) {
        int ctor = readConstructor(b);
        switch (ctor) {
            case NULL:
                return null;
            case SYM8:
            case SYM32:
                return new Symbol[] {readSymbolBody(b, ctor)};
            case ARRAY8:
            case ARRAY32:
                Object a = readArrayBody(b, ctor);
                if (a instanceof Symbol[] symbols) {
                    return symbols;
                }
                if (a instanceof Object[] empty && empty.length == 0) {
                    return new Symbol[0];
                }
                throw new DecodeException(field + ": expected an array of symbol, found an array of "
                        + a.getClass().getComponentType().getSimpleName(), b.readerIndex());
            default:
                throw unexpected(b, ctor, "symbol or array of symbol", field);
        }
    }

    /** Reads a string field, or null. */
    public String readString(ByteBuf b, String field) {
        int ctor = readConstructor(b);
        if (ctor == NULL) {
            return null;
        }
        if (ctor != STR8 && ctor != STR32) {
            throw unexpected(b, ctor, "string", field);
        }
        return readStringBody(b, ctor);
    }

    /** Reads a binary field, or null. */
    public Binary readBinary(ByteBuf b, String field) {
        int ctor = readConstructor(b);
        if (ctor == NULL) {
            return null;
        }
        if (ctor != VBIN8 && ctor != VBIN32) {
            throw unexpected(b, ctor, "binary", field);
        }
        return readBinaryBody(b, ctor);
    }

    /** Reads a field of any type. */
    public Object readAny(ByteBuf b, String field) {
        return readValue(b, readConstructor(b));
    }

    /** Reads a map field, or null. */
    public Map<Object, Object> readMap(ByteBuf b, String field) {
        int ctor = readConstructor(b);
        if (ctor == NULL) {
            return null;
        }
        if (ctor != MAP8 && ctor != MAP32) {
            throw unexpected(b, ctor, "map", field);
        }
        return readMapBody(b, ctor);
    }

    /** Reads a list field, or null. */
    public List<Object> readList(ByteBuf b, String field) {
        int ctor = readConstructor(b);
        if (ctor == NULL) {
            return null;
        }
        if (ctor != LIST0 && ctor != LIST8 && ctor != LIST32) {
            throw unexpected(b, ctor, "list", field);
        }
        return readListBody(b, ctor);
    }

    /**
     * Reads a {@code fields} map ({@code types.xml#type-fields}): keys are symbols.
     */
    @SuppressWarnings("unchecked")
    public Map<Symbol, Object> readFields(ByteBuf b, String field) {
        Map<Object, Object> map = readMap(b, field);
        if (map != null) {
            for (Object key : map.keySet()) {
                if (!(key instanceof Symbol)) {
                    throw new DecodeException(field + ": a fields map has symbol keys, found " + describeValue(key),
                            b.readerIndex());
                }
            }
        }
        return (Map<Symbol, Object>) (Map<?, ?>) map;
    }

    /** Reads a field holding a described value of type {@code type}, or null. */
    public <T> T readDescribed(ByteBuf b, Class<T> type, String field) {
        int ctor = readConstructor(b);
        if (ctor == NULL) {
            return null;
        }
        if (ctor != DESCRIBED) {
            throw unexpected(b, ctor, type.getSimpleName(), field);
        }
        Object v = readDescribed(b);
        if (!type.isInstance(v)) {
            throw new DecodeException(field + ": expected " + type.getSimpleName() + ", found " + describeValue(v),
                    b.readerIndex());
        }
        return type.cast(v);
    }

    private static String describeValue(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof UnknownDescribedType u) {
            return "described type " + u.descriptor();
        }
        return v.getClass().getSimpleName();
    }
}
