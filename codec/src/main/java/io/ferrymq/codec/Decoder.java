package io.ferrymq.codec;

import static io.ferrymq.codec.TypeCode.*;

import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.messaging.Released;
import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
    private static final int KEY_CACHE_SIZE = 256;
    /** Longest map key, in bytes, that the key cache keeps. */
    private static final int KEY_CACHE_MAX_BYTES = 64;
    private static final int SCRATCH_LIMIT = 64 * 1024;
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    /** For scans and comparisons of 8 bytes at a time, where the order does not matter. */
    private static final VarHandle LONG_NATIVE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final VarHandle INT_NATIVE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
    /** Longest string, in bytes, that the ASCII short path takes; longer ones go to the JDK's UTF-8 decoding. */
    private static final int SHORT_STRING = 64;

    private final int maxDepth;
    private final int[] ends;
    private final int[] counts;
    private int depth;
    private final Symbol[] symbolCache = new Symbol[SYMBOL_CACHE_SIZE];
    /*
     * Recently seen string map keys (application-properties keys, mostly), with their UTF-8
     * bytes: keys come from a small vocabulary that repeats message after message. A hit gives
     * the same String, so no allocation and no hashing (a String keeps its hash code) when the
     * key goes into the map. Bounded like the symbol cache, so a peer cannot grow it.
     */
    private final String[] keyCache = new String[KEY_CACHE_SIZE];
    private final byte[][] keyCacheBytes = new byte[KEY_CACHE_SIZE][];
    private CharsetDecoder utf8;
    private byte[] scratch = new byte[256];

    /*
     * While readObject runs over a buffer backed by an array (the buffer is "bound"), the
     * decoder reads the array directly and keeps the reader index itself (pos), setting the
     * buffer's when the call ends. Each value's bytes are checked against the writer index
     * (limit) before they are read (need, readSize), and every move of pos is checked against
     * it again, so a missed check cannot read past the writer index. Netty's read methods and
     * index setter would check bounds, capacity and the reference count on every read.
     * Profile (TransferBenchmark.ferryDecode, JFR): those checks were a third of the time.
     * The array is held only for the duration of the call, so a buffer that grows (and changes
     * its array) between calls is never read through the old one.
     */
    private ByteBuf heapBuffer;
    private byte[] heapArray;
    private int heapBase;
    private int pos;
    private int limit;

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
        if (heapBuffer != null || !b.hasArray()) {
            return readObjectGeneral(b);
        }
        // The common call: a value at the top level of a buffer backed by an array. Kept apart
        // from the general entry so that it stays small enough for the JIT to inline it whole.
        int start = b.readerIndex();
        int saved = depth;
        heapBuffer = b;
        heapArray = b.array();
        heapBase = b.arrayOffset();
        pos = start;
        limit = b.writerIndex();
        try {
            return readValueAt(b, start);
        } finally {
            depth = saved;
            heapBuffer = null;
            heapArray = null;
            b.readerIndex(pos);
        }
    }

    /** Reads one value starting at {@code start}, turning a bounds or argument failure into a decode error. */
    private Object readValueAt(ByteBuf b, int start) {
        try {
            int ctor = readConstructor(b);
            return ctor == DESCRIBED ? readDescribed(b) : readValue(b, ctor);
        } catch (IndexOutOfBoundsException e) {
            throw new DecodeException("truncated value", start, e);
        } catch (IllegalArgumentException e) {
            throw new DecodeException("invalid value: " + e.getMessage(), start, e);
        }
    }

    /** {@link #readObject} from inside another readObject, or from a buffer without an array. */
    private Object readObjectGeneral(ByteBuf b) {
        int saved = depth;
        ByteBuf outer = heapBuffer;
        byte[] outerArray = heapArray;
        int outerBase = heapBase;
        if (outer != null) {
            // A call from inside another: the outer buffer's reader index is brought up to date
            // here and read back on return.
            outer.readerIndex(pos);
        }
        int start = b.readerIndex();
        if (b.hasArray()) {
            heapBuffer = b;
            heapArray = b.array();
            heapBase = b.arrayOffset();
            pos = start;
            limit = b.writerIndex();
        } else {
            heapBuffer = null;
            heapArray = null;
        }
        try {
            return readValueAt(b, start);
        } finally {
            depth = saved;
            if (heapBuffer != null) {
                heapBuffer.readerIndex(pos);
            }
            heapBuffer = outer;
            heapArray = outerArray;
            heapBase = outerBase;
            if (outer != null) {
                pos = outer.readerIndex();
                limit = outer.writerIndex();
            }
        }
    }

    /**
     * Where this decoder is reading {@code b}: its reader index, which the decoder keeps itself
     * while it decodes a value from a buffer backed by an array. Decoders of described types
     * use this, not {@link ByteBuf#readerIndex()}, for the offsets of their errors.
     */
    public int position(ByteBuf b) {
        return at(b);
    }

    private int at(ByteBuf b) {
        return b == heapBuffer ? pos : b.readerIndex();
    }

    /** Moves the reader index of {@code b}, never past its writer index. */
    private void moveTo(ByteBuf b, int index) {
        if (b == heapBuffer) {
            if (index > limit || index < 0) {
                throw new IndexOutOfBoundsException("index " + index + " is past the writer index " + limit);
            }
            pos = index;
        } else {
            b.readerIndex(index);
        }
    }

    private int available(ByteBuf b) {
        return b == heapBuffer ? limit - pos : b.readableBytes();
    }

    /** Reads one value, which must be a described value of type {@code type} (or null). */
    public <T> T readObject(ByteBuf b, Class<T> type, String what) {
        Object v = readObject(b);
        if (v != null && !type.isInstance(v)) {
            throw new DecodeException(what + ": expected " + type.getSimpleName() + ", found " + describeValue(v),
                    at(b));
        }
        return type.cast(v);
    }

    // ---------------------------------------------------------------- generic values

    private int readConstructor(ByteBuf b) {
        if (b == heapBuffer) {
            int i = pos;
            if (i < limit) {
                pos = i + 1;
                return heapArray[heapBase + i] & 0xff;
            }
        } else if (b.isReadable()) {
            return b.readUnsignedByte();
        }
        throw new DecodeException("truncated: a constructor was expected", at(b));
    }

    // The readers below take bytes whose presence the caller has checked (need, readSize).
    // They move the reader index first, which checks again, so a missed check cannot read
    // past the writer index.

    private int readU8(ByteBuf b) {
        int i = at(b);
        moveTo(b, i + 1);
        return b == heapBuffer ? heapArray[heapBase + i] & 0xff : b.getUnsignedByte(i);
    }

    private short readI16(ByteBuf b) {
        int i = at(b);
        moveTo(b, i + 2);
        if (b == heapBuffer) {
            int p = heapBase + i;
            return (short) ((heapArray[p] << 8) | (heapArray[p + 1] & 0xff));
        }
        return b.getShort(i);
    }

    private int readI32(ByteBuf b) {
        int i = at(b);
        moveTo(b, i + 4);
        return b == heapBuffer ? (int) INT_BE.get(heapArray, heapBase + i) : b.getInt(i);
    }

    private long readI64(ByteBuf b) {
        int i = at(b);
        moveTo(b, i + 8);
        return b == heapBuffer ? (long) LONG_BE.get(heapArray, heapBase + i) : b.getLong(i);
    }

    private void readBytes(ByteBuf b, byte[] dst) {
        int i = at(b);
        moveTo(b, i + dst.length);
        if (b == heapBuffer) {
            System.arraycopy(heapArray, heapBase + i, dst, 0, dst.length);
        } else {
            b.getBytes(i, dst);
        }
    }

    private void need(ByteBuf b, long n, int ctor) {
        if (available(b) < n) {
            throw new DecodeException("truncated " + TypeCode.describe(ctor) + ": needs " + n + " bytes, "
                    + available(b) + " present", at(b));
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
            case VBIN8, VBIN32:
                return readBinaryBody(b, ctor);
            case STR8, STR32:
                return readStringBody(b, ctor);
            case SYM8, SYM32:
                return readSymbolBody(b, ctor);
            case LIST8, LIST32:
                return readListBody(b, ctor);
            case MAP8, MAP32:
                return readMapBody(b, ctor);
            case ARRAY8, ARRAY32:
                return readArrayBody(b, ctor);
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
                case UUID -> new java.util.UUID(readI64(b), readI64(b));
                default -> throw unknownConstructor(b, ctor);
            };
        }
        throw unknownConstructor(b, ctor);
    }

    private DecodeException unknownConstructor(ByteBuf b, int ctor) {
        return new DecodeException("unknown constructor 0x" + Integer.toHexString(ctor), at(b) - 1);
    }

    private Boolean readBooleanByte(ByteBuf b) {
        int v = readU8(b);
        if (v > 1) {
            throw new DecodeException("boolean byte must be 0x00 or 0x01, not 0x" + Integer.toHexString(v),
                    at(b) - 1);
        }
        return v == 1;
    }

    private Char readChar(ByteBuf b) {
        int cp = readI32(b);
        if (!Character.isValidCodePoint(cp)) {
            throw new DecodeException("char is not a Unicode code point: 0x" + Integer.toHexString(cp),
                    at(b) - 4);
        }
        return new Char(cp);
    }

    /** Reads the size of a variable-width or compound value and checks the bytes are present. */
    private int readSize(ByteBuf b, int ctor, boolean wide) {
        need(b, wide ? 4 : 1, ctor);
        long size = wide ? readI32(b) & 0xffff_ffffL : readU8(b);
        need(b, size, ctor);
        return (int) size;
    }

    private static boolean isWide(int ctor) {
        return (ctor & 0xf0) == 0xb0 || ctor == LIST32 || ctor == MAP32 || ctor == ARRAY32;
    }

    private Binary readBinaryBody(ByteBuf b, int ctor) {
        int size = readSize(b, ctor, ctor == VBIN32);
        if (b == heapBuffer) {
            // A copy straight from the array: an array allocated without zeroing it first.
            int start = pos;
            moveTo(b, start + size);
            int from = heapBase + start;
            return new Binary(copyOf(heapArray, from, size));
        }
        byte[] bytes = new byte[size];
        readBytes(b, bytes);
        return new Binary(bytes);
    }

    private String readStringBody(ByteBuf b, int ctor) {
        int size = readSize(b, ctor, ctor == STR32);
        return readUtf8(b, size);
    }

    private String readUtf8(ByteBuf b, int size) {
        int start = at(b);
        byte[] array;
        int offset;
        if (b == heapBuffer) {
            array = heapArray;
            offset = heapBase + start;
        } else if (b.hasArray()) {
            array = b.array();
            offset = b.arrayOffset() + start;
        } else {
            array = size <= SCRATCH_LIMIT ? scratch(size) : new byte[size];
            offset = 0;
            b.getBytes(start, array, 0, size);
        }
        moveTo(b, start + size);
        if (size <= SHORT_STRING && isAscii(array, offset, size)) {
            // ASCII is valid UTF-8, one char a byte: the bytes are the string's Latin-1 value as
            // they stand. Profile (MessageBenchmark.ferryDecode): the JDK's UTF-8 constructor
            // (852 bytes of bytecode, never inlined) was a tenth of the decode for three short
            // strings; this constructor is a bounds check and a copy.
            return asciiString(array, offset, size);
        }
        // The JDK decodes UTF-8 with intrinsics (ASCII in bulk), but replaces malformed input
        // with U+FFFD instead of failing. Any malformed input leaves a U+FFFD, so a string with
        // none is valid as it stands; one with a U+FFFD (which valid input may also hold) is
        // decoded again, strictly. Profile (MessageBenchmark.ferryDecode): the byte-at-a-time
        // ASCII scan this replaces was the largest part of reading a string.
        String s = new String(array, offset, size, StandardCharsets.UTF_8);
        if (s.indexOf('\uFFFD') < 0) {
            return s;
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

    /**
     * Whether the {@code size} bytes of {@code array} from {@code offset} are all below 0x80:
     * 8 bytes at a time, the last 8 (or 4) read overlapping the ones before.
     */
    private static boolean isAscii(byte[] array, int offset, int size) {
        long bits;
        if (size >= 8) {
            bits = (long) LONG_NATIVE.get(array, offset + size - 8);
            for (int i = 0; i < size - 8; i += 8) {
                bits |= (long) LONG_NATIVE.get(array, offset + i);
            }
        } else if (size >= 4) {
            bits = (int) INT_NATIVE.get(array, offset) | (int) INT_NATIVE.get(array, offset + size - 4);
        } else {
            bits = 0;
            for (int i = 0; i < size; i++) {
                bits |= array[offset + i];
            }
        }
        // An int or a byte of 0x80 or more sign-extends, so its bit 7 stays set.
        return (bits & 0x8080_8080_8080_8080L) == 0;
    }

    /** A string of ASCII bytes, which {@link #isAscii} has checked. */
    @SuppressWarnings("deprecation")
    private static String asciiString(byte[] array, int offset, int size) {
        // Each char is (0 << 8) | byte: for ASCII, the character the byte encodes.
        return new String(array, 0, offset, size);
    }

    /**
     * A copy of {@code size} bytes of {@code array} from {@code from}. A short one (a delivery tag, mostly) is copied
     * in a loop the JIT compiles in place: through {@code Arrays.copyOfRange}, the call into the array-copy stub was
     * a tenth of decoding a transfer with an 8-byte tag (TransferBenchmark, perfasm).
     */
    private static byte[] copyOf(byte[] array, int from, int size) {
        if (size > 16) {
            return java.util.Arrays.copyOfRange(array, from, from + size);
        }
        byte[] copy = new byte[size];
        for (int i = 0; i < size; i++) {
            copy[i] = array[from + i];
        }
        return copy;
    }

    private byte[] scratch(int size) {
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, scratch.length * 2)];
        }
        return scratch;
    }

    private Symbol readSymbolBody(ByteBuf b, int ctor) {
        int size = readSize(b, ctor, ctor == SYM32);
        int start = at(b);
        byte[] array;
        int offset;
        if (b == heapBuffer) {
            array = heapArray;
            offset = heapBase + start;
        } else {
            array = size <= SCRATCH_LIMIT ? scratch(size) : new byte[size];
            offset = 0;
            b.getBytes(start, array, 0, size);
        }
        // A cached symbol is found from the size and three of the bytes, and must then equal the
        // bytes in full: a hit needs no check that the bytes are ASCII, nor a hash of them.
        // Profile (MessageBenchmark.ferryDecode): hashing and comparing a byte at a time through
        // ByteBuf.getByte made a 24-byte content-type cost more than the rest of the properties.
        int slot = cacheSlot(array, offset, size) & (SYMBOL_CACHE_SIZE - 1);
        Symbol cached = symbolCache[slot];
        if (cached != null) {
            byte[] ascii = cached.asciiBytes();
            if (ascii.length == size && sameBytes(ascii, array, offset)) {
                moveTo(b, start + size);
                return cached;
            }
        }
        for (int i = 0; i < size; i++) {
            byte c = array[offset + i];
            if (c < 0) {
                throw new DecodeException("symbol is not ASCII: byte 0x" + Integer.toHexString(c & 0xff)
                        + " at index " + i, start + i);
            }
        }
        byte[] ascii = java.util.Arrays.copyOfRange(array, offset, offset + size);
        moveTo(b, start + size);
        Symbol s = Symbol.fromAscii(ascii);
        symbolCache[slot] = s;
        return s;
    }

    /**
     * Whether {@code a} equals the bytes of {@code array} from {@code offset}: a vectorized
     * comparison for long ones, 8 bytes at a time for the short ones most keys and symbols are
     * (the vectorized one costs more to set up than it saves there). Profile
     * (MessageBenchmark.ferryDecode): comparing the 24-byte content-type through
     * {@code Arrays.equals} and keys a byte at a time was 5% of the decode.
     */
    private static boolean sameBytes(byte[] a, byte[] array, int offset) {
        int size = a.length;
        if (size > SHORT_STRING) {
            return java.util.Arrays.equals(a, 0, size, array, offset, offset + size);
        }
        if (size >= 8) {
            for (int i = 0; i < size - 8; i += 8) {
                if ((long) LONG_NATIVE.get(a, i) != (long) LONG_NATIVE.get(array, offset + i)) {
                    return false;
                }
            }
            int last = size - 8;
            return (long) LONG_NATIVE.get(a, last) == (long) LONG_NATIVE.get(array, offset + last);
        }
        if (size >= 4) {
            int last = size - 4;
            return (int) INT_NATIVE.get(a, 0) == (int) INT_NATIVE.get(array, offset)
                    && (int) INT_NATIVE.get(a, last) == (int) INT_NATIVE.get(array, offset + last);
        }
        for (int i = 0; i < size; i++) {
            if (a[i] != array[offset + i]) {
                return false;
            }
        }
        return true;
    }

    /** Where bytes go in a cache: from their size and three of them, each compared in full on a hit. */
    private static int cacheSlot(byte[] array, int offset, int size) {
        return size == 0 ? 0
                : size * 31 + array[offset] * 7 + array[offset + (size >> 1)] * 17 + array[offset + size - 1];
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
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
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
        if (ctor != STR8 || b != heapBuffer) {
            return readValue(b, ctor);
        }
        int size = readSize(b, ctor, false);
        if (size > KEY_CACHE_MAX_BYTES) {
            return readUtf8(b, size);
        }
        int start = at(b);
        int offset = heapBase + start;
        int slot = cacheSlot(heapArray, offset, size) & (KEY_CACHE_SIZE - 1);
        byte[] cached = keyCacheBytes[slot];
        if (cached != null && cached.length == size && sameBytes(cached, heapArray, offset)) {
            moveTo(b, start + size);
            return keyCache[slot];
        }
        String key = readUtf8(b, size);
        keyCacheBytes[slot] = java.util.Arrays.copyOfRange(heapArray, offset, offset + size);
        keyCache[slot] = key;
        return key;
    }

    // ---------------------------------------------------------------- compounds

    private void enter(ByteBuf b) {
        if (++depth > maxDepth) {
            throw new DecodeException("values nested deeper than " + maxDepth + " levels", at(b));
        }
    }

    /**
     * Reads the size and count of a list or map with constructor {@code ctor}, checks them
     * against the bytes present, and enters it. Returns the count of items.
     */
    private int beginCompound(ByteBuf b, int ctor) {
        if (ctor == LIST0) {
            enter(b);
            ends[depth] = at(b);
            counts[depth] = 0;
            return 0;
        }
        boolean wide = isWide(ctor);
        int size = readSize(b, ctor, wide);
        int countWidth = wide ? 4 : 1;
        if (size < countWidth) {
            throw new DecodeException(TypeCode.describe(ctor) + " size " + size + " cannot hold its count",
                    at(b));
        }
        int end = at(b) + size;
        long count = wide ? readI32(b) & 0xffff_ffffL : readU8(b);
        // Every item takes at least one byte, so a count beyond the bytes present is a lie.
        if (count > size - countWidth) {
            throw new DecodeException(TypeCode.describe(ctor) + " count " + count + " exceeds its "
                    + (size - countWidth) + " bytes of items", at(b));
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
    private void checkEnd(ByteBuf b, int end, String what) {
        int at = at(b);
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
        return readMapBody(b, ctor, Object.class, "map");
    }

    /**
     * Reads a map whose keys must be of {@code keyType} (checked as each is read: a second
     * pass over the keys would make an iterator and the map's key set, 48 bytes a map).
     */
    private Map<Object, Object> readMapBody(ByteBuf b, int ctor, Class<?> keyType, String what) {
        int count = beginCompound(b, ctor);
        if ((count & 1) != 0) {
            throw new DecodeException("map has an odd number of items: " + count, at(b));
        }
        // A few entries (types.xml#type-map: distinct keys; a repeated one keeps its last
        // value, as put does) go in one array; more in a LinkedHashMap sized for them, so its
        // table is made once: a capacity of entries / 0.75 rounded up, in ints.
        int entries = count / 2;
        Map<Object, Object> map = entries <= CompactMap.MAX_SMALL ? new CompactMap<>(entries)
                : new LinkedHashMap<>(entries + (entries + 2) / 3);
        for (int i = 0; i < count; i += 2) {
            int keyAt = at(b);
            Object key = readMapKey(b);
            if (keyType != Object.class && !keyType.isInstance(key)) {
                throw new DecodeException(what + ": keys are of type " + keyType.getSimpleName() + ", found "
                        + describeValue(key), keyAt);
            }
            Object value = readMapValue(b);
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
                    at(b));
        }
        int end = at(b) + size;
        long count = wide ? readI32(b) & 0xffff_ffffL : readU8(b);
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
        long available = end - at(b);
        if (width == 0) {
            if (count > MAX_ZERO_WIDTH_ELEMENTS) {
                throw new DecodeException("array of " + count + " zero-width " + TypeCode.describe(elementCtor)
                        + " elements exceeds the limit of " + MAX_ZERO_WIDTH_ELEMENTS, at(b));
            }
        } else if (count * Math.max(width, 1) > available) {
            throw new DecodeException("array count " + count + " of " + TypeCode.describe(elementCtor)
                    + " exceeds its " + available + " bytes of elements", at(b));
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
                readBytes(b, a);
                return a;
            }
            case SHORT -> {
                short[] a = new short[count];
                for (int i = 0; i < count; i++) {
                    a[i] = readI16(b);
                }
                return a;
            }
            case INT, SMALLINT -> {
                int[] a = new int[count];
                for (int i = 0; i < count; i++) {
                    a[i] = ctor == INT ? readI32(b) : (byte) readU8(b);
                }
                return a;
            }
            case LONG, SMALLLONG -> {
                long[] a = new long[count];
                for (int i = 0; i < count; i++) {
                    a[i] = ctor == LONG ? readI64(b) : (byte) readU8(b);
                }
                return a;
            }
            case FLOAT -> {
                float[] a = new float[count];
                for (int i = 0; i < count; i++) {
                    a[i] = Float.intBitsToFloat(readI32(b));
                }
                return a;
            }
            case DOUBLE -> {
                double[] a = new double[count];
                for (int i = 0; i < count; i++) {
                    a[i] = Double.longBitsToDouble(readI64(b));
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
        int descriptorStart = at(b);
        Object descriptor = readDescriptor(b);
        int known = SpecTypes.codeOf(descriptor);
        int valueCtor = readConstructor(b);
        if (valueCtor == DESCRIBED) {
            throw new DecodeException("array element constructor is described twice", descriptorStart);
        }
        checkArrayCount(b, valueCtor, count, end);
        Object[] a = new Object[(int) count];
        for (int i = 0; i < a.length; i++) {
            a[i] = known >= 0 ? SpecTypes.decode(known, this, b, valueCtor)
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

    private Object readDescribed(ByteBuf b) {
        int start = at(b) - 1;
        enter(b);
        int i = at(b);
        int code;
        int ctor;
        Object descriptor = null;
        if (b == heapBuffer && limit - i >= 3 && heapArray[heapBase + i] == SMALLULONG
                && SpecTypes.isKnown(heapArray[heapBase + i + 1] & 0xff)) {
            // The form every peer uses for the spec's types (smallulong code): descriptor and
            // value constructor in one step, no boxing, no lookup by the descriptor's Java type.
            code = heapArray[heapBase + i + 1] & 0xff;
            ctor = heapArray[heapBase + i + 2] & 0xff;
            pos = i + 3;
        } else {
            descriptor = readDescriptor(b);
            code = SpecTypes.codeOf(descriptor);
            ctor = readConstructor(b);
        }
        Object result;
        if (code >= 0) {
            result = SpecTypes.decode(code, this, b, ctor);
        } else {
            Object value = readValue(b, ctor);
            byte[] encoding = new byte[at(b) - start];
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
        if (ctor == LIST8 && b == heapBuffer) {
            // Short path for the common case, a valid list8: the checks of the general path, on
            // two bytes read at once.
            int i = pos;
            int avail = limit - i;
            if (avail >= 2 && depth < maxDepth) {
                int size = heapArray[heapBase + i] & 0xff;
                int count = heapArray[heapBase + i + 1] & 0xff;
                if (size >= 1 && size <= avail - 1 && count <= size - 1) {
                    pos = i + 2;
                    depth++;
                    ends[depth] = i + 1 + size;
                    counts[depth] = count;
                    return count;
                }
            }
        }
        return beginCompositeGeneral(b, ctor, composite);
    }

    private int beginCompositeGeneral(ByteBuf b, int ctor, String composite) {
        if (ctor != LIST0 && ctor != LIST8 && ctor != LIST32) {
            throw new DecodeException(composite + ": expected a list of fields, found " + TypeCode.describe(ctor),
                    at(b) - 1);
        }
        return beginCompound(b, ctor);
    }

    /**
     * Ends a composite of which {@code known} fields were read: fields a newer version of the
     * spec may have added are skipped, and the list's size is checked.
     */
    public void endComposite(ByteBuf b, int known, String composite) {
        int d = depth;
        if (counts[d] <= known && b == heapBuffer && pos == ends[d]) {
            depth = d - 1;
            return;
        }
        endCompositeGeneral(b, known, composite);
    }

    private void endCompositeGeneral(ByteBuf b, int known, String composite) {
        for (int i = known; i < counts[depth]; i++) {
            int next = Encodings.valueEnd(b, at(b), maxDepth);
            moveTo(b, next);
        }
        endCompound(b, composite);
    }

    /** The error for a mandatory field that is absent or null. */
    public DecodeException missing(ByteBuf b, String composite, String field) {
        return new DecodeException(composite + ": mandatory field '" + field + "' is missing", at(b));
    }

    private DecodeException unexpected(ByteBuf b, int ctor, String expected, String field) {
        return new DecodeException(field + ": expected " + expected + ", found " + TypeCode.describe(ctor),
                at(b) - 1);
    }

    /*
     * The field readers below first try a short path for valid encodings in the bound array,
     * with one check of the bytes present and one move of the reader index. Anything else
     * (another buffer, truncated or unexpected bytes) takes the general path from the same
     * place, which reports errors. Profile (TransferBenchmark, FlowBenchmark): Netty's index
     * checks were a third of decoding a performative.
     */

    /** Reads a uint field: its value in [0, 2^32 - 1], or -1 when null. */
    public long readUInt(ByteBuf b, String field) {
        if (b == heapBuffer) {
            int i = pos;
            int avail = limit - i;
            if (avail > 0) {
                int p = heapBase + i;
                switch (heapArray[p] & 0xff) {
                    case NULL:
                        pos = i + 1;
                        return -1;
                    case UINT0:
                        pos = i + 1;
                        return 0;
                    case SMALLUINT:
                        if (avail >= 2) {
                            pos = i + 2;
                            return heapArray[p + 1] & 0xff;
                        }
                        break;
                    case UINT:
                        if (avail >= 5) {
                            pos = i + 5;
                            return (int) INT_BE.get(heapArray, p + 1) & 0xffff_ffffL;
                        }
                        break;
                    default:
                        break;
                }
            }
        }
        return readUIntGeneral(b, field);
    }

    private long readUIntGeneral(ByteBuf b, String field) {
        int ctor = readConstructor(b);
        switch (ctor) {
            case NULL:
                return -1;
            case UINT0:
                return 0;
            case SMALLUINT:
                need(b, 1, ctor);
                return readU8(b);
            case UINT:
                need(b, 4, ctor);
                return (readI32(b) & 0xffff_ffffL);
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
        return readU8(b);
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
        return (readI16(b) & 0xffff);
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
                return UnsignedLong.valueOf(readU8(b));
            case ULONG:
                need(b, 8, ctor);
                return UnsignedLong.valueOf(readI64(b));
            default:
                throw unexpected(b, ctor, "ulong", field);
        }
    }

    /** Reads a boolean field, or null. */
    public Boolean readBoolean(ByteBuf b, String field) {
        if (b == heapBuffer) {
            int i = pos;
            if (i < limit) {
                switch (heapArray[heapBase + i] & 0xff) {
                    case NULL:
                        pos = i + 1;
                        return null;
                    case TRUE:
                        pos = i + 1;
                        return Boolean.TRUE;
                    case FALSE:
                        pos = i + 1;
                        return Boolean.FALSE;
                    default:
                        break;
                }
            }
        }
        return readBooleanGeneral(b, field);
    }

    private Boolean readBooleanGeneral(ByteBuf b, String field) {
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
        if (skipNull(b)) {
            return absent;
        }
        if (b == heapBuffer) {
            int i = pos;
            if (limit - i >= 9 && (heapArray[heapBase + i] & 0xff) == TIMESTAMP) {
                pos = i + 9;
                return (long) LONG_BE.get(heapArray, heapBase + i + 1);
            }
        }
        int ctor = readConstructor(b);
        if (ctor == NULL) {
            return absent;
        }
        if (ctor != TIMESTAMP) {
            throw unexpected(b, ctor, "timestamp", field);
        }
        need(b, 8, ctor);
        return readI64(b);
    }

    /** Reads a symbol field, or null. */
    public Symbol readSymbol(ByteBuf b, String field) {
        if (skipNull(b)) {
            return null;
        }
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
                        + a.getClass().getComponentType().getSimpleName(), at(b));
            default:
                throw unexpected(b, ctor, "symbol or array of symbol", field);
        }
    }

    /** Reads a string field, or null. */
    public String readString(ByteBuf b, String field) {
        if (skipNull(b)) {
            return null;
        }
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
        if (skipNull(b)) {
            return null;
        }
        if (b == heapBuffer) {
            int i = pos;
            int avail = limit - i;
            if (avail >= 2 && (heapArray[heapBase + i] & 0xff) == VBIN8) {
                int size = heapArray[heapBase + i + 1] & 0xff;
                if (size <= avail - 2) {
                    int from = heapBase + i + 2;
                    pos = i + 2 + size;
                    return new Binary(copyOf(heapArray, from, size));
                }
            }
        }
        return readBinaryGeneral(b, field);
    }

    private Binary readBinaryGeneral(ByteBuf b, String field) {
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
        if (skipNull(b)) {
            return null;
        }
        int ctor = readConstructor(b);
        // A string read here, not through readValue (a call the JIT does not inline): the form
        // of most message-ids and correlation-ids.
        return ctor == STR8 ? readStringBody(b, ctor) : readValue(b, ctor);
    }

    /** When the next value in the bound array is a null, reads it and says so. */
    private boolean skipNull(ByteBuf b) {
        if (b == heapBuffer) {
            int i = pos;
            if (i < limit && heapArray[heapBase + i] == NULL) {
                pos = i + 1;
                return true;
            }
        }
        return false;
    }

    /**
     * Reads a binary whose constructor {@code ctor} has just been read: for decoders of
     * described types whose value is a binary ({@code what} names it in errors).
     */
    public Binary readBinary(ByteBuf b, int ctor, String what) {
        if (ctor != VBIN8 && ctor != VBIN32) {
            throw unexpected(b, ctor, "binary", what);
        }
        return readBinaryBody(b, ctor);
    }

    /**
     * Reads a map, or null, whose constructor {@code ctor} has just been read and whose keys
     * must be of {@code keyType} ({@code Object.class}: any): for decoders of described types
     * whose value is a map ({@code what} names it in errors).
     */
    public Map<Object, Object> readMap(ByteBuf b, int ctor, Class<?> keyType, String what) {
        if (ctor == NULL) {
            return null;
        }
        if (ctor != MAP8 && ctor != MAP32) {
            throw unexpected(b, ctor, "map", what);
        }
        return readMapBody(b, ctor, keyType, what);
    }

    /** Reads a map field, or null. */
    public Map<Object, Object> readMap(ByteBuf b, String field) {
        return readMap(b, readConstructor(b), Object.class, field);
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
        Map<Object, Object> map = readMap(b, readConstructor(b), Symbol.class, field);
        return (Map<Symbol, Object>) (Map<?, ?>) map;
    }

    /** Reads a field holding a described value of type {@code type}, or null. */
    public <T> T readDescribed(ByteBuf b, Class<T> type, String field) {
        if (b == heapBuffer) {
            Object outcome = fieldlessOutcome(type);
            if (outcome != null) {
                return type.cast(outcome);
            }
        }
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
                    at(b));
        }
        return type.cast(v);
    }

    /**
     * The short path for the outcomes without fields, accepted and released, in the form peers
     * write them ({@code 00 53 24 45}: the descriptor code and an empty list0): when the bound
     * array holds one of them next and it is a {@code type}, reads it and returns the one
     * value of its type; otherwise reads nothing and returns null. The depth is checked as the
     * general path checks it (the described value and its list), so both accept the same bytes.
     * Profile (DispositionBenchmark.ferryDecode, JFR): the general path, a second call into
     * readDescribed and a composite with no fields, was about a fifth of the decode.
     */
    private Object fieldlessOutcome(Class<?> type) {
        int i = pos;
        if (limit - i < 4 || depth + 2 > maxDepth) {
            return null;
        }
        int p = heapBase + i;
        if (heapArray[p] != DESCRIBED || heapArray[p + 1] != SMALLULONG || heapArray[p + 3] != LIST0) {
            return null;
        }
        Object outcome = switch (heapArray[p + 2]) {
            case (byte) Accepted.DESCRIPTOR_CODE -> Accepted.INSTANCE;
            case (byte) Released.DESCRIPTOR_CODE -> Released.INSTANCE;
            default -> null;
        };
        if (outcome == null || !type.isInstance(outcome)) {
            return null;
        }
        pos = i + 4;
        return outcome;
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
