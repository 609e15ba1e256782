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
import io.ferrymq.codec.transport.ErrorCondition;
import io.ferrymq.codec.transport.Flow;
import io.ferrymq.codec.transport.Open;
import io.ferrymq.codec.transport.Transfer;
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
    private static final Map<Symbol, DescribedTypeDecoder<?>> BY_SYMBOL = new HashMap<>();

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

    private static void register(long code, Symbol symbol, DescribedTypeDecoder<?> decoder) {
        BY_CODE[(int) code] = decoder;
        BY_SYMBOL.put(symbol, decoder);
    }

    /** The decoder for a descriptor the spec defines, or null. */
    static DescribedTypeDecoder<?> decoderFor(Object descriptor) {
        if (descriptor instanceof UnsignedLong code) {
            long bits = code.longBits();
            return bits >= 0 && bits < BY_CODE.length ? BY_CODE[(int) bits] : null;
        }
        if (descriptor instanceof Symbol symbol) {
            return BY_SYMBOL.get(symbol);
        }
        return null;
    }
}
