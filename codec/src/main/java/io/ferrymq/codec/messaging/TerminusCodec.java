package io.ferrymq.codec.messaging;

import io.ferrymq.codec.DecodeException;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;

/** Reading the restricted fields sources and targets share. */
final class TerminusCodec {
    private TerminusCodec() {}

    static TerminusDurability readDurability(Decoder d, ByteBuf b, String field) {
        long code = d.readUInt(b, field);
        if (code < 0) {
            return TerminusDurability.NONE;
        }
        TerminusDurability durability = TerminusDurability.valueOf(code);
        if (durability == null) {
            throw new DecodeException(field + ": " + code + " is not a terminus-durability (0, 1 or 2)", d.position(b));
        }
        return durability;
    }

    static TerminusExpiryPolicy readExpiryPolicy(Decoder d, ByteBuf b, String field) {
        Symbol symbol = d.readSymbol(b, field);
        if (symbol == null) {
            return TerminusExpiryPolicy.SESSION_END;
        }
        TerminusExpiryPolicy policy = TerminusExpiryPolicy.valueOf(symbol);
        if (policy == null) {
            throw new DecodeException(field + ": '" + symbol + "' is not a terminus-expiry-policy", d.position(b));
        }
        return policy;
    }
}
