package io.ferrymq.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.spec.SpecTypes;
import io.ferrymq.codec.transport.Close;
import io.ferrymq.codec.transport.Disposition;
import io.ferrymq.codec.transport.Role;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A decoder knows the described types it is given and no others: the spec's through
 * {@link SpecTypes}, none through {@link DescribedTypes#NONE}, a registry's own by code and by
 * symbol.
 */
class DescribedTypesTest {
    private static final Symbol POINT = Symbol.valueOf("example:point:list");

    /** A registry of one type, 0x40, whose value is read as its list's first item. */
    private static DescribedTypes point() {
        return DescribedTypes.builder()
                .type(0x40, POINT)
                .build((code, decoder, b, ctor) -> ((List<?>) decoder.readValue(b, ctor)).get(0));
    }

    @Test
    void aDecoderWithNoTypesKeepsASpecTypeAsItCame() {
        Close close = new Close(new ErrorCondition(Symbol.valueOf("amqp:internal-error"), "boom"));
        byte[] bytes = Encoder.toBytes(close);
        Object v = new Decoder(DescribedTypes.NONE).readObject(Unpooled.wrappedBuffer(bytes));
        assertThat(v).isInstanceOf(UnknownDescribedType.class);
        assertThat(((UnknownDescribedType) v).descriptor()).isEqualTo(UnsignedLong.valueOf(Close.DESCRIPTOR_CODE));
        assertThat(Encoder.toBytes(v)).isEqualTo(bytes);
        assertThat(SpecTypes.newDecoder().readObject(Unpooled.wrappedBuffer(bytes)))
                .isEqualTo(close);
    }

    @Test
    void theSpecsFieldlessOutcomeInAFieldIsItsOneValue() {
        Disposition d =
                new Disposition().role(Role.RECEIVER).first(1).settled(true).state(Accepted.INSTANCE);
        Object back = SpecTypes.newDecoder().readObject(Unpooled.wrappedBuffer(Encoder.toBytes(d)));
        assertThat(((Disposition) back).state()).isSameAs(Accepted.INSTANCE);
    }

    @Test
    void aRegistrysOwnTypeIsFoundByCodeAndBySymbol() {
        Decoder decoder = new Decoder(point());
        assertThat(decoder.readObject(Bytes.buf("00 53 40 c0 03 01 54 07"))).isEqualTo(7);
        ByteBuf bySymbol = Bytes.buf("00 a3 12" + ByteBufUtil.hexDump(POINT.asciiBytes()) + "c0 03 01 54 07");
        assertThat(decoder.readObject(bySymbol)).isEqualTo(7);
        assertThat(decoder.readObject(Bytes.buf("00 53 41 45"))).isInstanceOf(UnknownDescribedType.class);
    }

    @Test
    void aCodeOrSymbolIsTakenOnce() {
        DescribedTypes.Builder b = DescribedTypes.builder().type(0x40, POINT);
        assertThatThrownBy(() -> b.type(0x40, Symbol.valueOf("example:other:list")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.type(0x41, POINT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.type(0x80, Symbol.valueOf("example:high:list")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCompositeShowsTheSpecTypesOfItsFields() {
        Close close = new Close(new ErrorCondition(Symbol.valueOf("amqp:internal-error"), "boom"));
        assertThat(close.described().get(0)).isInstanceOf(ErrorCondition.class);
        assertThat(close.toString())
                .isEqualTo("Close{error=ErrorCondition{condition=:amqp:internal-error, " + "description=\"boom\"}}");
    }
}
