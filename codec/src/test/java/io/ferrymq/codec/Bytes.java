package io.ferrymq.codec;

import io.ferrymq.codec.spec.SpecTypes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;

/** Hex helpers for tests that compare encodings byte for byte. */
final class Bytes {
    private Bytes() {}

    /** The bytes written in hex, spaces ignored: {@code "a1 03 66 6f 6f"}. */
    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static ByteBuf buf(String hex) {
        return Unpooled.wrappedBuffer(hex(hex));
    }

    static String hexOf(ByteBuf b) {
        return ByteBufUtil.hexDump(b);
    }

    /** The encoding of {@code value} by Ferry's encoder, in hex. */
    static String encodeHex(Object value) {
        return HexFormat.of().formatHex(Encoder.toBytes(value));
    }

    static Object decode(String hex) {
        ByteBuf b = buf(hex);
        Object v = SpecTypes.newDecoder().readObject(b);
        if (b.isReadable()) {
            throw new AssertionError(b.readableBytes() + " bytes left after decoding " + hex);
        }
        return v;
    }
}
