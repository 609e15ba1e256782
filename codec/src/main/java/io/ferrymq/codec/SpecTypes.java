package io.ferrymq.codec;

import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.messaging.AmqpSequence;
import io.ferrymq.codec.messaging.AmqpValue;
import io.ferrymq.codec.messaging.ApplicationProperties;
import io.ferrymq.codec.messaging.Data;
import io.ferrymq.codec.messaging.DeleteOnClose;
import io.ferrymq.codec.messaging.DeleteOnNoLinks;
import io.ferrymq.codec.messaging.DeleteOnNoLinksOrMessages;
import io.ferrymq.codec.messaging.DeleteOnNoMessages;
import io.ferrymq.codec.messaging.DeliveryAnnotations;
import io.ferrymq.codec.messaging.Footer;
import io.ferrymq.codec.messaging.Header;
import io.ferrymq.codec.messaging.MessageAnnotations;
import io.ferrymq.codec.messaging.Modified;
import io.ferrymq.codec.messaging.Properties;
import io.ferrymq.codec.messaging.Received;
import io.ferrymq.codec.messaging.Rejected;
import io.ferrymq.codec.messaging.Released;
import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.messaging.Target;
import io.ferrymq.codec.security.SaslChallenge;
import io.ferrymq.codec.security.SaslInit;
import io.ferrymq.codec.security.SaslMechanisms;
import io.ferrymq.codec.security.SaslOutcome;
import io.ferrymq.codec.security.SaslResponse;
import io.ferrymq.codec.transactions.Coordinator;
import io.ferrymq.codec.transactions.Declare;
import io.ferrymq.codec.transactions.Declared;
import io.ferrymq.codec.transactions.Discharge;
import io.ferrymq.codec.transactions.TransactionalState;
import io.ferrymq.codec.transport.Attach;
import io.ferrymq.codec.transport.Begin;
import io.ferrymq.codec.transport.Close;
import io.ferrymq.codec.transport.Detach;
import io.ferrymq.codec.transport.Disposition;
import io.ferrymq.codec.transport.End;
import io.ferrymq.codec.transport.Flow;
import io.ferrymq.codec.transport.Open;
import io.ferrymq.codec.transport.Transfer;
import io.netty.buffer.ByteBuf;
import java.util.HashMap;
import java.util.Map;

/**
 * The described types the specification defines, found by descriptor code or by descriptor
 * symbol: both forms are accepted everywhere ({@code types.xml#doc-descriptor-values}).
 */
final class SpecTypes {
    private SpecTypes() {
    }

    private static final DescribedTypeDecoder<?>[] BY_CODE = new DescribedTypeDecoder<?>[0x80];
    private static final Map<Symbol, Integer> BY_SYMBOL = new HashMap<>();

    static {
        register(Open.DESCRIPTOR_CODE, Open.DESCRIPTOR_SYMBOL, Open::decode);
        register(Begin.DESCRIPTOR_CODE, Begin.DESCRIPTOR_SYMBOL, Begin::decode);
        register(Attach.DESCRIPTOR_CODE, Attach.DESCRIPTOR_SYMBOL, Attach::decode);
        register(Flow.DESCRIPTOR_CODE, Flow.DESCRIPTOR_SYMBOL, Flow::decode);
        register(Transfer.DESCRIPTOR_CODE, Transfer.DESCRIPTOR_SYMBOL, Transfer::decode);
        register(Disposition.DESCRIPTOR_CODE, Disposition.DESCRIPTOR_SYMBOL, Disposition::decode);
        register(Detach.DESCRIPTOR_CODE, Detach.DESCRIPTOR_SYMBOL, Detach::decode);
        register(End.DESCRIPTOR_CODE, End.DESCRIPTOR_SYMBOL, End::decode);
        register(Close.DESCRIPTOR_CODE, Close.DESCRIPTOR_SYMBOL, Close::decode);
        register(ErrorCondition.DESCRIPTOR_CODE, ErrorCondition.DESCRIPTOR_SYMBOL, ErrorCondition::decode);

        register(Received.DESCRIPTOR_CODE, Received.DESCRIPTOR_SYMBOL, Received::decode);
        register(Accepted.DESCRIPTOR_CODE, Accepted.DESCRIPTOR_SYMBOL, Accepted::decode);
        register(Rejected.DESCRIPTOR_CODE, Rejected.DESCRIPTOR_SYMBOL, Rejected::decode);
        register(Released.DESCRIPTOR_CODE, Released.DESCRIPTOR_SYMBOL, Released::decode);
        register(Modified.DESCRIPTOR_CODE, Modified.DESCRIPTOR_SYMBOL, Modified::decode);
        register(Source.DESCRIPTOR_CODE, Source.DESCRIPTOR_SYMBOL, Source::decode);
        register(Target.DESCRIPTOR_CODE, Target.DESCRIPTOR_SYMBOL, Target::decode);
        register(DeleteOnClose.DESCRIPTOR_CODE, DeleteOnClose.DESCRIPTOR_SYMBOL, DeleteOnClose::decode);
        register(DeleteOnNoLinks.DESCRIPTOR_CODE, DeleteOnNoLinks.DESCRIPTOR_SYMBOL, DeleteOnNoLinks::decode);
        register(DeleteOnNoMessages.DESCRIPTOR_CODE, DeleteOnNoMessages.DESCRIPTOR_SYMBOL,
                DeleteOnNoMessages::decode);
        register(DeleteOnNoLinksOrMessages.DESCRIPTOR_CODE, DeleteOnNoLinksOrMessages.DESCRIPTOR_SYMBOL,
                DeleteOnNoLinksOrMessages::decode);

        register(Header.DESCRIPTOR_CODE, Header.DESCRIPTOR_SYMBOL, Header::decode);
        register(DeliveryAnnotations.DESCRIPTOR_CODE, DeliveryAnnotations.DESCRIPTOR_SYMBOL,
                DeliveryAnnotations::decode);
        register(MessageAnnotations.DESCRIPTOR_CODE, MessageAnnotations.DESCRIPTOR_SYMBOL,
                MessageAnnotations::decode);
        register(Properties.DESCRIPTOR_CODE, Properties.DESCRIPTOR_SYMBOL, Properties::decode);
        register(ApplicationProperties.DESCRIPTOR_CODE, ApplicationProperties.DESCRIPTOR_SYMBOL,
                ApplicationProperties::decode);
        register(Data.DESCRIPTOR_CODE, Data.DESCRIPTOR_SYMBOL, Data::decode);
        register(AmqpSequence.DESCRIPTOR_CODE, AmqpSequence.DESCRIPTOR_SYMBOL, AmqpSequence::decode);
        register(AmqpValue.DESCRIPTOR_CODE, AmqpValue.DESCRIPTOR_SYMBOL, AmqpValue::decode);
        register(Footer.DESCRIPTOR_CODE, Footer.DESCRIPTOR_SYMBOL, Footer::decode);

        register(Coordinator.DESCRIPTOR_CODE, Coordinator.DESCRIPTOR_SYMBOL, Coordinator::decode);
        register(Declare.DESCRIPTOR_CODE, Declare.DESCRIPTOR_SYMBOL, Declare::decode);
        register(Discharge.DESCRIPTOR_CODE, Discharge.DESCRIPTOR_SYMBOL, Discharge::decode);
        register(Declared.DESCRIPTOR_CODE, Declared.DESCRIPTOR_SYMBOL, Declared::decode);
        register(TransactionalState.DESCRIPTOR_CODE, TransactionalState.DESCRIPTOR_SYMBOL,
                TransactionalState::decode);

        register(SaslMechanisms.DESCRIPTOR_CODE, SaslMechanisms.DESCRIPTOR_SYMBOL, SaslMechanisms::decode);
        register(SaslInit.DESCRIPTOR_CODE, SaslInit.DESCRIPTOR_SYMBOL, SaslInit::decode);
        register(SaslChallenge.DESCRIPTOR_CODE, SaslChallenge.DESCRIPTOR_SYMBOL, SaslChallenge::decode);
        register(SaslResponse.DESCRIPTOR_CODE, SaslResponse.DESCRIPTOR_SYMBOL, SaslResponse::decode);
        register(SaslOutcome.DESCRIPTOR_CODE, SaslOutcome.DESCRIPTOR_SYMBOL, SaslOutcome::decode);
    }

    /*
     * Which codes below 0x80 are known, one bit a code: constants once the class is initialised,
     * so isKnown is a shift and a test, no load of the table. Profile (DispositionBenchmark,
     * JFR): the table lookup was 5% of the decode.
     */
    private static final long KNOWN_LOW = knownBits(0);
    private static final long KNOWN_HIGH = knownBits(64);

    private static long knownBits(int from) {
        long bits = 0;
        for (int i = 0; i < 64; i++) {
            if (BY_CODE[from + i] != null) {
                bits |= 1L << i;
            }
        }
        return bits;
    }

    private static void register(long code, Symbol symbol, DescribedTypeDecoder<?> decoder) {
        BY_CODE[(int) code] = decoder;
        BY_SYMBOL.put(symbol, (int) code);
    }

    /** The descriptor code of a described type the spec defines, or -1. */
    static int codeOf(Object descriptor) {
        if (descriptor instanceof UnsignedLong code) {
            long bits = code.longBits();
            return bits >= 0 && bits < BY_CODE.length && BY_CODE[(int) bits] != null ? (int) bits : -1;
        }
        if (descriptor instanceof Symbol symbol) {
            Integer code = BY_SYMBOL.get(symbol);
            return code == null ? -1 : code;
        }
        return -1;
    }

    /** Whether {@code code} is the descriptor code of a described type the spec defines. */
    static boolean isKnown(int code) {
        if (code < 0 || code >= 0x80) {
            return false;
        }
        return ((code < 64 ? KNOWN_LOW : KNOWN_HIGH) & (1L << code)) != 0; // the shift takes code mod 64
    }

    /**
     * Decodes the value of the known described type {@code code}, its constructor read.
     *
     * <p>The types of the message path are called directly. Through the table, one call site
     * serves every type, so where more than two types pass (every engine; decoding a message
     * section after section) the JIT sees it megamorphic: no inlining, a dispatch through the
     * interface table on each value. Profile (MessageBenchmark.ferryDecode, JFR): the table
     * call and what it prevented were about a tenth of the decode.
     */
    static Object decode(int code, Decoder d, ByteBuf b, int ctor) {
        return switch (code) {
            case (int) Flow.DESCRIPTOR_CODE -> Flow.decode(d, b, ctor);
            case (int) Transfer.DESCRIPTOR_CODE -> Transfer.decode(d, b, ctor);
            case (int) Disposition.DESCRIPTOR_CODE -> Disposition.decode(d, b, ctor);
            case (int) Accepted.DESCRIPTOR_CODE -> Accepted.decode(d, b, ctor);
            case (int) Header.DESCRIPTOR_CODE -> Header.decode(d, b, ctor);
            case (int) DeliveryAnnotations.DESCRIPTOR_CODE -> DeliveryAnnotations.decode(d, b, ctor);
            case (int) MessageAnnotations.DESCRIPTOR_CODE -> MessageAnnotations.decode(d, b, ctor);
            case (int) Properties.DESCRIPTOR_CODE -> Properties.decode(d, b, ctor);
            case (int) ApplicationProperties.DESCRIPTOR_CODE -> ApplicationProperties.decode(d, b, ctor);
            case (int) Data.DESCRIPTOR_CODE -> Data.decode(d, b, ctor);
            case (int) AmqpSequence.DESCRIPTOR_CODE -> AmqpSequence.decode(d, b, ctor);
            case (int) AmqpValue.DESCRIPTOR_CODE -> AmqpValue.decode(d, b, ctor);
            case (int) Footer.DESCRIPTOR_CODE -> Footer.decode(d, b, ctor);
            default -> BY_CODE[code].decode(d, b, ctor);
        };
    }
}
