package io.ferrymq.codec;

import static io.ferrymq.codec.TypeCode.ARRAY32;
import static io.ferrymq.codec.TypeCode.ARRAY8;
import static io.ferrymq.codec.TypeCode.DESCRIBED;
import static io.ferrymq.codec.TypeCode.LIST32;
import static io.ferrymq.codec.TypeCode.LIST8;
import static io.ferrymq.codec.TypeCode.MAP32;
import static io.ferrymq.codec.TypeCode.MAP8;
import static io.ferrymq.codec.TypeCode.STR32;
import static io.ferrymq.codec.TypeCode.STR8;
import static io.ferrymq.codec.TypeCode.SYM32;
import static io.ferrymq.codec.TypeCode.SYM8;
import static io.ferrymq.codec.TypeCode.VBIN32;
import static io.ferrymq.codec.TypeCode.VBIN8;
import static io.ferrymq.codec.TypeCode.fixedWidth;

import io.netty.buffer.ByteBuf;

/** Measuring encoded values in place, without decoding them. */
public final class Encodings {
    private Encodings() {}

    /**
     * The index just past the encoded value that starts at {@code index}, found from the
     * constructor and sizes alone (compound values are not walked). Every size is checked
     * against the bytes present.
     *
     * @param maxDescriptorDepth how many nested descriptors to follow before giving up
     * @throws DecodeException when the value is truncated or its constructor unknown
     */
    public static int valueEnd(ByteBuf b, int index, int maxDescriptorDepth) {
        return valueEnd(b, index, maxDescriptorDepth, b.writerIndex());
    }

    /** {@link #valueEnd(ByteBuf, int, int)} for a value that must end by {@code limit} (within a section, say). */
    public static int valueEnd(ByteBuf b, int index, int maxDescriptorDepth, int limit) {
        if (index >= limit) {
            throw new DecodeException("truncated: a value was expected", index);
        }
        int ctor = b.getUnsignedByte(index);
        int p = index + 1;
        if (ctor == DESCRIBED) {
            if (maxDescriptorDepth <= 0) {
                throw new DecodeException("described values nested too deeply", index);
            }
            int descriptorEnd = valueEnd(b, p, maxDescriptorDepth - 1, limit);
            return valueEnd(b, descriptorEnd, maxDescriptorDepth - 1, limit);
        }
        int width = fixedWidth(ctor);
        long end;
        if (width >= 0) {
            end = (long) p + width;
        } else {
            switch (ctor) {
                case VBIN8, STR8, SYM8, LIST8, MAP8, ARRAY8 -> {
                    requireBytes(limit, p, 1, ctor);
                    end = (long) p + 1 + b.getUnsignedByte(p);
                }
                case VBIN32, STR32, SYM32, LIST32, MAP32, ARRAY32 -> {
                    requireBytes(limit, p, 4, ctor);
                    end = (long) p + 4 + b.getUnsignedInt(p);
                }
                default -> throw new DecodeException("unknown constructor 0x" + Integer.toHexString(ctor), index);
            }
        }
        if (end > limit) {
            throw new DecodeException(
                    "truncated " + TypeCode.describe(ctor) + ": needs " + (end - index) + " bytes, " + (limit - index)
                            + " present",
                    index);
        }
        return (int) end;
    }

    private static void requireBytes(int limit, int p, int n, int ctor) {
        if (p + n > limit) {
            throw new DecodeException("truncated " + TypeCode.describe(ctor) + " size", p - 1);
        }
    }
}
