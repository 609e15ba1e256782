package io.ferrymq.codec;

import static io.ferrymq.codec.TypeCode.ARRAY32;
import static io.ferrymq.codec.TypeCode.ARRAY8;
import static io.ferrymq.codec.TypeCode.BOOLEAN;
import static io.ferrymq.codec.TypeCode.DESCRIBED;
import static io.ferrymq.codec.TypeCode.FALSE;
import static io.ferrymq.codec.TypeCode.INT;
import static io.ferrymq.codec.TypeCode.LIST0;
import static io.ferrymq.codec.TypeCode.LIST32;
import static io.ferrymq.codec.TypeCode.LIST8;
import static io.ferrymq.codec.TypeCode.LONG;
import static io.ferrymq.codec.TypeCode.MAP32;
import static io.ferrymq.codec.TypeCode.MAP8;
import static io.ferrymq.codec.TypeCode.SMALLINT;
import static io.ferrymq.codec.TypeCode.SMALLLONG;
import static io.ferrymq.codec.TypeCode.SMALLUINT;
import static io.ferrymq.codec.TypeCode.SMALLULONG;
import static io.ferrymq.codec.TypeCode.STR32;
import static io.ferrymq.codec.TypeCode.STR8;
import static io.ferrymq.codec.TypeCode.SYM32;
import static io.ferrymq.codec.TypeCode.SYM8;
import static io.ferrymq.codec.TypeCode.TRUE;
import static io.ferrymq.codec.TypeCode.UINT;
import static io.ferrymq.codec.TypeCode.UINT0;
import static io.ferrymq.codec.TypeCode.ULONG;
import static io.ferrymq.codec.TypeCode.ULONG0;
import static io.ferrymq.codec.TypeCode.VBIN32;
import static io.ferrymq.codec.TypeCode.VBIN8;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * The constructor an AMQP array gives its elements, found from the elements' own encodings:
 * the widest form of their common type, plus the shared descriptor when they are described
 * ({@code types.xml#doc-array-encodings}). Bodies encoded in a narrower form are rewritten in
 * the chosen one.
 */
final class ElementForm {
    private final byte[] descriptor;
    private final int code;

    private ElementForm(byte[] descriptor, int code) {
        this.descriptor = descriptor;
        this.code = code;
    }

    /** The form for the elements encoded in {@code s} between {@code starts[i]} and {@code starts[i+1]}. */
    static ElementForm common(ByteBuf s, int[] starts) {
        byte[] descriptor = null;
        int target = -1;
        for (int i = 0; i + 1 < starts.length; i++) {
            int p = starts[i];
            int ctor = s.getUnsignedByte(p);
            byte[] d = null;
            if (ctor == DESCRIBED) {
                int descriptorEnd = Encodings.valueEnd(s, p + 1, 1);
                d = new byte[descriptorEnd - p - 1];
                s.getBytes(p + 1, d);
                ctor = s.getUnsignedByte(descriptorEnd);
                if (ctor == DESCRIBED) {
                    throw new IllegalArgumentException("an AMQP array cannot hold doubly described values");
                }
            }
            if (i == 0) {
                descriptor = d;
            } else if (!Arrays.equals(descriptor, d)) {
                throw new IllegalArgumentException("an AMQP array's elements must share one descriptor");
            }
            int promoted = promote(ctor);
            target = i == 0 ? promoted : wider(target, promoted);
        }
        return new ElementForm(descriptor, target);
    }

    /** Bytes of the element constructor: descriptor (if any) and code. */
    int constructorLength() {
        return descriptor == null ? 1 : 2 + descriptor.length;
    }

    void writeConstructor(ByteBuf b) {
        if (descriptor != null) {
            b.writeByte(DESCRIBED);
            b.writeBytes(descriptor);
        }
        b.writeByte(code);
    }

    /** Writes the body of the element encoded at [start, end) of {@code s}, in this form. */
    void writeBody(ByteBuf s, int start, int end, ByteBuf out) {
        int p = start;
        if (descriptor != null) {
            p += 1 + descriptor.length;
        }
        int ctor = s.getUnsignedByte(p++);
        widen(s, ctor, p, end, out);
    }

    private void widen(ByteBuf s, int ctor, int p, int end, ByteBuf out) {
        if (ctor == code) {
            out.writeBytes(s, p, end - p);
            return;
        }
        switch (code) {
            case BOOLEAN -> out.writeByte(ctor == TRUE ? 1 : 0);
            case SMALLUINT, SMALLULONG -> out.writeByte(0);
            case UINT -> out.writeInt(ctor == UINT0 ? 0 : s.getUnsignedByte(p));
            case ULONG -> out.writeLong(ctor == ULONG0 ? 0 : s.getUnsignedByte(p));
            case INT -> out.writeInt(s.getByte(p));
            case LONG -> out.writeLong(s.getByte(p));
            case VBIN32, STR32, SYM32 -> {
                out.writeInt(s.getUnsignedByte(p));
                out.writeBytes(s, p + 1, end - p - 1);
            }
            case LIST8 -> out.writeShort(0x0100);
            case LIST32, MAP32, ARRAY32 -> {
                if (ctor == LIST0) {
                    out.writeInt(4);
                    out.writeInt(0);
                } else {
                    out.writeInt(s.getUnsignedByte(p) + 3);
                    out.writeInt(s.getUnsignedByte(p + 1));
                    out.writeBytes(s, p + 2, end - p - 2);
                }
            }
            default ->
                throw new IllegalStateException(
                        "cannot widen " + TypeCode.describe(ctor) + " to " + TypeCode.describe(code));
        }
    }

    /** Zero-width forms are not used as element constructors: the next wider form is. */
    private static int promote(int ctor) {
        return switch (ctor) {
            case TRUE, FALSE -> BOOLEAN;
            case UINT0 -> SMALLUINT;
            case ULONG0 -> SMALLULONG;
            case LIST0 -> LIST8;
            default -> ctor;
        };
    }

    private static int wideOf(int code) {
        return switch (code) {
            case SMALLUINT -> UINT;
            case SMALLULONG -> ULONG;
            case SMALLINT -> INT;
            case SMALLLONG -> LONG;
            case VBIN8 -> VBIN32;
            case STR8 -> STR32;
            case SYM8 -> SYM32;
            case LIST8 -> LIST32;
            case MAP8 -> MAP32;
            case ARRAY8 -> ARRAY32;
            default -> code;
        };
    }

    private static int wider(int a, int b) {
        if (a == b) {
            return a;
        }
        if (wideOf(a) != wideOf(b)) {
            throw new IllegalArgumentException("an AMQP array's elements must share one type; found "
                    + TypeCode.describe(a) + " and " + TypeCode.describe(b));
        }
        return wideOf(a);
    }
}
