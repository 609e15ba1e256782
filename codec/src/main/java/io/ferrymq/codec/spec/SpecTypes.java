package io.ferrymq.codec.spec;

import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.DescribedTypeDecoder;
import io.ferrymq.codec.DescribedTypes;
import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.Symbol;
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

/**
 * The described types the specification defines, and the decoders that know them: a decoder
 * reads each of them to its class, by descriptor code or by descriptor symbol
 * ({@code types.xml#doc-descriptor-values}).
 *
 * <p>This package sits above the packages of the types ({@code transport}, {@code messaging},
 * {@code transactions}, {@code security}), which sit above {@code io.ferrymq.codec}: the decoder
 * there knows no type until it is given a {@link DescribedTypes}, and this class gives it the
 * spec's.
 */
public final class SpecTypes {
    private SpecTypes() {}

    private static final DescribedTypeDecoder<?>[] BY_CODE = new DescribedTypeDecoder<?>[0x80];
    /** Every type of the spec. */
    private static final DescribedTypes TYPES;

    static {
        DescribedTypes.Builder types = DescribedTypes.builder();
        register(types, Open.DESCRIPTOR_CODE, Open.DESCRIPTOR_SYMBOL, Open::decode);
        register(types, Begin.DESCRIPTOR_CODE, Begin.DESCRIPTOR_SYMBOL, Begin::decode);
        register(types, Attach.DESCRIPTOR_CODE, Attach.DESCRIPTOR_SYMBOL, Attach::decode);
        register(types, Flow.DESCRIPTOR_CODE, Flow.DESCRIPTOR_SYMBOL, Flow::decode);
        register(types, Transfer.DESCRIPTOR_CODE, Transfer.DESCRIPTOR_SYMBOL, Transfer::decode);
        register(types, Disposition.DESCRIPTOR_CODE, Disposition.DESCRIPTOR_SYMBOL, Disposition::decode);
        register(types, Detach.DESCRIPTOR_CODE, Detach.DESCRIPTOR_SYMBOL, Detach::decode);
        register(types, End.DESCRIPTOR_CODE, End.DESCRIPTOR_SYMBOL, End::decode);
        register(types, Close.DESCRIPTOR_CODE, Close.DESCRIPTOR_SYMBOL, Close::decode);
        register(types, ErrorCondition.DESCRIPTOR_CODE, ErrorCondition.DESCRIPTOR_SYMBOL, ErrorCondition::decode);

        register(types, Received.DESCRIPTOR_CODE, Received.DESCRIPTOR_SYMBOL, Received::decode);
        register(types, Accepted.DESCRIPTOR_CODE, Accepted.DESCRIPTOR_SYMBOL, Accepted::decode);
        register(types, Rejected.DESCRIPTOR_CODE, Rejected.DESCRIPTOR_SYMBOL, Rejected::decode);
        register(types, Released.DESCRIPTOR_CODE, Released.DESCRIPTOR_SYMBOL, Released::decode);
        register(types, Modified.DESCRIPTOR_CODE, Modified.DESCRIPTOR_SYMBOL, Modified::decode);
        register(types, Source.DESCRIPTOR_CODE, Source.DESCRIPTOR_SYMBOL, Source::decode);
        register(types, Target.DESCRIPTOR_CODE, Target.DESCRIPTOR_SYMBOL, Target::decode);
        register(types, DeleteOnClose.DESCRIPTOR_CODE, DeleteOnClose.DESCRIPTOR_SYMBOL, DeleteOnClose::decode);
        register(types, DeleteOnNoLinks.DESCRIPTOR_CODE, DeleteOnNoLinks.DESCRIPTOR_SYMBOL, DeleteOnNoLinks::decode);
        register(
                types,
                DeleteOnNoMessages.DESCRIPTOR_CODE,
                DeleteOnNoMessages.DESCRIPTOR_SYMBOL,
                DeleteOnNoMessages::decode);
        register(
                types,
                DeleteOnNoLinksOrMessages.DESCRIPTOR_CODE,
                DeleteOnNoLinksOrMessages.DESCRIPTOR_SYMBOL,
                DeleteOnNoLinksOrMessages::decode);

        register(types, Header.DESCRIPTOR_CODE, Header.DESCRIPTOR_SYMBOL, Header::decode);
        register(
                types,
                DeliveryAnnotations.DESCRIPTOR_CODE,
                DeliveryAnnotations.DESCRIPTOR_SYMBOL,
                DeliveryAnnotations::decode);
        register(
                types,
                MessageAnnotations.DESCRIPTOR_CODE,
                MessageAnnotations.DESCRIPTOR_SYMBOL,
                MessageAnnotations::decode);
        register(types, Properties.DESCRIPTOR_CODE, Properties.DESCRIPTOR_SYMBOL, Properties::decode);
        register(
                types,
                ApplicationProperties.DESCRIPTOR_CODE,
                ApplicationProperties.DESCRIPTOR_SYMBOL,
                ApplicationProperties::decode);
        register(types, Data.DESCRIPTOR_CODE, Data.DESCRIPTOR_SYMBOL, Data::decode);
        register(types, AmqpSequence.DESCRIPTOR_CODE, AmqpSequence.DESCRIPTOR_SYMBOL, AmqpSequence::decode);
        register(types, AmqpValue.DESCRIPTOR_CODE, AmqpValue.DESCRIPTOR_SYMBOL, AmqpValue::decode);
        register(types, Footer.DESCRIPTOR_CODE, Footer.DESCRIPTOR_SYMBOL, Footer::decode);

        register(types, Coordinator.DESCRIPTOR_CODE, Coordinator.DESCRIPTOR_SYMBOL, Coordinator::decode);
        register(types, Declare.DESCRIPTOR_CODE, Declare.DESCRIPTOR_SYMBOL, Declare::decode);
        register(types, Discharge.DESCRIPTOR_CODE, Discharge.DESCRIPTOR_SYMBOL, Discharge::decode);
        register(types, Declared.DESCRIPTOR_CODE, Declared.DESCRIPTOR_SYMBOL, Declared::decode);
        register(
                types,
                TransactionalState.DESCRIPTOR_CODE,
                TransactionalState.DESCRIPTOR_SYMBOL,
                TransactionalState::decode);

        register(types, SaslMechanisms.DESCRIPTOR_CODE, SaslMechanisms.DESCRIPTOR_SYMBOL, SaslMechanisms::decode);
        register(types, SaslInit.DESCRIPTOR_CODE, SaslInit.DESCRIPTOR_SYMBOL, SaslInit::decode);
        register(types, SaslChallenge.DESCRIPTOR_CODE, SaslChallenge.DESCRIPTOR_SYMBOL, SaslChallenge::decode);
        register(types, SaslResponse.DESCRIPTOR_CODE, SaslResponse.DESCRIPTOR_SYMBOL, SaslResponse::decode);
        register(types, SaslOutcome.DESCRIPTOR_CODE, SaslOutcome.DESCRIPTOR_SYMBOL, SaslOutcome::decode);

        TYPES = types.build(new Reader());
    }

    private static void register(
            DescribedTypes.Builder types, long code, Symbol symbol, DescribedTypeDecoder<?> decoder) {
        types.type(code, symbol);
        BY_CODE[(int) code] = decoder;
    }

    /** The described types of the specification. */
    public static DescribedTypes types() {
        return TYPES;
    }

    /**
     * A new decoder that knows every described type of the specification, and bounds nesting at
     * {@link Decoder#DEFAULT_MAX_DEPTH}: the decoder for AMQP frames and messages.
     */
    public static Decoder newDecoder() {
        return new Decoder(TYPES);
    }

    /** A new decoder that knows every described type of the specification, and bounds nesting at {@code maxDepth}. */
    public static Decoder newDecoder(int maxDepth) {
        return new Decoder(TYPES, maxDepth);
    }

    /**
     * Reads the values of the spec's types, for {@link #TYPES}.
     *
     * <p>The types of the message path are called directly. Through the table, one call site
     * serves every type, so where more than two types pass (every engine; decoding a message
     * section after section) the JIT sees it megamorphic: no inlining, a dispatch through the
     * interface table on each value. Profile (MessageBenchmark.ferryDecode, JFR): the table
     * call and what it prevented were about a tenth of the decode.
     */
    private static final class Reader implements DescribedTypes.Reader {
        @Override
        public Object read(int code, Decoder d, ByteBuf b, int ctor) {
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

        /** Accepted and released, the outcomes without fields. */
        @Override
        public Object fieldless(int code) {
            return switch (code) {
                case (int) Accepted.DESCRIPTOR_CODE -> Accepted.INSTANCE;
                case (int) Released.DESCRIPTOR_CODE -> Released.INSTANCE;
                default -> null;
            };
        }
    }
}
