package io.ferrymq.codec;

import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Where a {@link Decoder} is in the buffer it reads, and the bound it must not read past: the
 * buffer's writer index. The bottom of the decoder's classes ({@code Cursor}, {@link
 * ValueReader}, {@code Decoder}), which are one object.
 *
 * <p>While a decoder reads a buffer backed by an array (the buffer is "bound"), the cursor
 * reads the array directly and keeps the reader index itself ({@link #pos}), setting the
 * buffer's when the decoder's call ends. Each value's bytes are checked against the writer
 * index ({@link #limit}) before they are read ({@link #need}, {@link #readSize}), and every move
 * of {@code pos} is checked against it again, so a missed check cannot read past the writer
 * index. Netty's read methods and index setter would check bounds, capacity and the reference
 * count on every read. Profile (TransferBenchmark.ferryDecode, JFR): those checks were a third of
 * the time. The array is held only for the duration of the call, so a buffer that grows (and
 * changes its array) between calls is never read through the old one.
 *
 * <p>The short paths of the decoder's classes read the five fields directly, as fields of the
 * one object every read goes through. Measured (FlowBenchmark.ferryDecode, JMH): with the
 * cursor an object of its own, which the decoder's parts each held, the JIT could not tell that
 * they held the same one, and a quarter fewer flows were decoded a second.
 */
abstract sealed class Cursor permits ValueReader {
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** The bound buffer, or null. */
    ByteBuf buffer;
    /** Its array. */
    byte[] array;
    /** Where its index 0 is in {@link #array}. */
    int base;
    /** Its reader index, while it is bound. */
    int pos;
    /** Its writer index, while it is bound. */
    int limit;

    /** Binds {@code b}, which has an array, from its reader index. */
    void bind(ByteBuf b) {
        buffer = b;
        array = b.array();
        base = b.arrayOffset();
        pos = b.readerIndex();
        limit = b.writerIndex();
    }

    /** Binds {@code b} when it has an array; otherwise leaves no buffer bound. */
    void bindIfArray(ByteBuf b) {
        if (b.hasArray()) {
            bind(b);
        } else {
            buffer = null;
            array = null;
        }
    }

    /** Ends the binding of {@code b}, which gets the reader index the cursor kept. */
    void release(ByteBuf b) {
        buffer = null;
        array = null;
        b.readerIndex(pos);
    }

    /** Ends a binding, if any: the bound buffer gets the reader index the cursor kept. */
    void release() {
        if (buffer != null) {
            release(buffer);
        }
    }

    /** Binds again a buffer bound before a nested call (or none), as it was then. */
    void restore(ByteBuf outer, byte[] outerArray, int outerBase) {
        buffer = outer;
        array = outerArray;
        base = outerBase;
        if (outer != null) {
            pos = outer.readerIndex();
            limit = outer.writerIndex();
        }
    }

    /** The reader index of {@code b}. */
    int at(ByteBuf b) {
        return b == buffer ? pos : b.readerIndex();
    }

    /** Moves the reader index of {@code b}, never past its writer index. */
    void moveTo(ByteBuf b, int index) {
        if (b == buffer) {
            if (index > limit || index < 0) {
                throw new IndexOutOfBoundsException("index " + index + " is past the writer index " + limit);
            }
            pos = index;
        } else {
            b.readerIndex(index);
        }
    }

    private int available(ByteBuf b) {
        return b == buffer ? limit - pos : b.readableBytes();
    }

    /** Checks that {@code n} bytes of a value with constructor {@code ctor} are present. */
    void need(ByteBuf b, long n, int ctor) {
        if (available(b) < n) {
            throw new DecodeException(
                    "truncated " + TypeCode.describe(ctor) + ": needs " + n + " bytes, " + available(b) + " present",
                    at(b));
        }
    }

    int readConstructor(ByteBuf b) {
        if (b == buffer) {
            int i = pos;
            if (i < limit) {
                pos = i + 1;
                return array[base + i] & 0xff;
            }
        } else if (b.isReadable()) {
            return b.readUnsignedByte();
        }
        throw new DecodeException("truncated: a constructor was expected", at(b));
    }

    // The readers below take bytes whose presence the caller has checked (need, readSize).
    // They move the reader index first, which checks again, so a missed check cannot read
    // past the writer index.

    int readU8(ByteBuf b) {
        int i = at(b);
        moveTo(b, i + 1);
        return b == buffer ? array[base + i] & 0xff : b.getUnsignedByte(i);
    }

    short readI16(ByteBuf b) {
        int i = at(b);
        moveTo(b, i + 2);
        if (b == buffer) {
            int p = base + i;
            return (short) ((array[p] << 8) | (array[p + 1] & 0xff));
        }
        return b.getShort(i);
    }

    int readI32(ByteBuf b) {
        int i = at(b);
        moveTo(b, i + 4);
        return b == buffer ? int32(array, base + i) : b.getInt(i);
    }

    long readI64(ByteBuf b) {
        int i = at(b);
        moveTo(b, i + 8);
        return b == buffer ? int64(array, base + i) : b.getLong(i);
    }

    void readBytes(ByteBuf b, byte[] dst) {
        int i = at(b);
        moveTo(b, i + dst.length);
        if (b == buffer) {
            System.arraycopy(array, base + i, dst, 0, dst.length);
        } else {
            b.getBytes(i, dst);
        }
    }

    /** Reads {@code size} bytes, which the caller has checked are present, into a new array. */
    byte[] readCopy(ByteBuf b, int size) {
        if (b == buffer) {
            // A copy straight from the array: an array allocated without zeroing it first.
            int start = pos;
            moveTo(b, start + size);
            return copyOf(array, base + start, size);
        }
        byte[] bytes = new byte[size];
        readBytes(b, bytes);
        return bytes;
    }

    /** Reads the size of a variable-width or compound value and checks the bytes are present. */
    int readSize(ByteBuf b, int ctor, boolean wide) {
        need(b, wide ? 4 : 1, ctor);
        long size = wide ? readI32(b) & 0xffff_ffffL : readU8(b);
        need(b, size, ctor);
        return (int) size;
    }

    /** The big-endian int at {@code p} of {@code a}. */
    static int int32(byte[] a, int p) {
        return (int) INT_BE.get(a, p);
    }

    /** The big-endian long at {@code p} of {@code a}. */
    static long int64(byte[] a, int p) {
        return (long) LONG_BE.get(a, p);
    }

    /**
     * A copy of {@code size} bytes of {@code array} from {@code from}. A short one (a delivery tag, mostly) is copied
     * in a loop the JIT compiles in place: through {@code Arrays.copyOfRange}, the call into the array-copy stub was
     * a tenth of decoding a transfer with an 8-byte tag (TransferBenchmark, perfasm).
     */
    static byte[] copyOf(byte[] array, int from, int size) {
        if (size > 16) {
            return Arrays.copyOfRange(array, from, from + size);
        }
        byte[] copy = new byte[size];
        for (int i = 0; i < size; i++) {
            copy[i] = array[from + i];
        }
        return copy;
    }
}
