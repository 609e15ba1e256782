package io.ferrymq.codec;

import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A decoder's strings and symbols: UTF-8 checked strictly, symbols checked to be ASCII, and the
 * caches of recently seen symbols and string map keys that spare the checks, the copies and
 * the allocations for values that repeat message after message.
 */
final class TextReader {
    private static final int SYMBOL_CACHE_SIZE = 256;
    private static final int KEY_CACHE_SIZE = 256;
    /** Longest map key, in bytes, that the key cache keeps. */
    private static final int KEY_CACHE_MAX_BYTES = 64;

    private static final int SCRATCH_LIMIT = 64 * 1024;
    /** For scans and comparisons of 8 bytes at a time, where the order does not matter. */
    private static final VarHandle LONG_NATIVE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private static final VarHandle INT_NATIVE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
    /** Longest string, in bytes, that the ASCII short path takes; longer ones go to the JDK's UTF-8 decoding. */
    private static final int SHORT_STRING = 64;

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
    /** Where the bytes {@link #bytesAt} found start in its array. */
    private int bytesOffset;

    /** Reads a string of {@code size} UTF-8 bytes at {@code c}, which the caller has checked are present. */
    String readUtf8(Cursor c, ByteBuf b, int size) {
        int start = c.at(b);
        byte[] array = bytesAt(c, b, start, size);
        int offset = bytesOffset;
        c.moveTo(b, start + size);
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
        return strictUtf8(array, offset, size, start);
    }

    private String strictUtf8(byte[] array, int offset, int size, int start) {
        if (utf8 == null) {
            utf8 = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }
        try {
            return utf8.reset().decode(ByteBuffer.wrap(array, offset, size)).toString();
        } catch (CharacterCodingException e) {
            throw new DecodeException("string is not valid UTF-8", start, e);
        }
    }

    /**
     * Reads a string map key of {@code size} bytes from the bound buffer {@code b}, which the
     * caller has checked are present: a short one through the key cache.
     */
    String readKey(Cursor c, ByteBuf b, int size) {
        if (size > KEY_CACHE_MAX_BYTES) {
            return readUtf8(c, b, size);
        }
        int start = c.at(b);
        byte[] array = c.array;
        int offset = c.base + start;
        int slot = cacheSlot(array, offset, size) & (KEY_CACHE_SIZE - 1);
        byte[] cached = keyCacheBytes[slot];
        if (cached != null && cached.length == size && sameBytes(cached, array, offset)) {
            c.moveTo(b, start + size);
            return keyCache[slot];
        }
        String key = readUtf8(c, b, size);
        keyCacheBytes[slot] = Arrays.copyOfRange(array, offset, offset + size);
        keyCache[slot] = key;
        return key;
    }

    /** Reads a symbol of {@code size} bytes, which the caller has checked are present. */
    Symbol readSymbol(Cursor c, ByteBuf b, int size) {
        int start = c.at(b);
        byte[] array = bytesAt(c, b, start, size);
        int offset = bytesOffset;
        // A cached symbol is found from the size and three of the bytes, and must then equal the
        // bytes in full: a hit needs no check that the bytes are ASCII, nor a hash of them.
        // Profile (MessageBenchmark.ferryDecode): hashing and comparing a byte at a time through
        // ByteBuf.getByte made a 24-byte content-type cost more than the rest of the properties.
        int slot = cacheSlot(array, offset, size) & (SYMBOL_CACHE_SIZE - 1);
        Symbol cached = symbolCache[slot];
        if (cached != null) {
            byte[] ascii = cached.asciiBytes();
            if (ascii.length == size && sameBytes(ascii, array, offset)) {
                c.moveTo(b, start + size);
                return cached;
            }
        }
        for (int i = 0; i < size; i++) {
            byte ch = array[offset + i];
            if (ch < 0) {
                throw new DecodeException(
                        "symbol is not ASCII: byte 0x" + Integer.toHexString(ch & 0xff) + " at index " + i, start + i);
            }
        }
        byte[] ascii = Arrays.copyOfRange(array, offset, offset + size);
        c.moveTo(b, start + size);
        Symbol s = Symbol.fromAscii(ascii);
        symbolCache[slot] = s;
        return s;
    }

    /**
     * The array that holds the {@code size} bytes of {@code b} from {@code start}: the bound
     * array, the buffer's own, or (a direct buffer's) a copy in the scratch array. Where they
     * start in it is left in {@link #bytesOffset}.
     */
    private byte[] bytesAt(Cursor c, ByteBuf b, int start, int size) {
        if (b == c.buffer) {
            bytesOffset = c.base + start;
            return c.array;
        }
        if (b.hasArray()) {
            bytesOffset = b.arrayOffset() + start;
            return b.array();
        }
        byte[] array = size <= SCRATCH_LIMIT ? scratch(size) : new byte[size];
        b.getBytes(start, array, 0, size);
        bytesOffset = 0;
        return array;
    }

    private byte[] scratch(int size) {
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, scratch.length * 2)];
        }
        return scratch;
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
     * Whether {@code a} equals the bytes of {@code array} from {@code offset}: a vectorized
     * comparison for long ones, 8 bytes at a time for the short ones most keys and symbols are
     * (the vectorized one costs more to set up than it saves there). Profile
     * (MessageBenchmark.ferryDecode): comparing the 24-byte content-type through
     * {@code Arrays.equals} and keys a byte at a time was 5% of the decode.
     */
    private static boolean sameBytes(byte[] a, byte[] array, int offset) {
        int size = a.length;
        if (size > SHORT_STRING) {
            return Arrays.equals(a, 0, size, array, offset, offset + size);
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
        return size == 0
                ? 0
                : size * 31 + array[offset] * 7 + array[offset + (size >> 1)] * 17 + array[offset + size - 1];
    }
}
