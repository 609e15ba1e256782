package io.ferrymq.testsupport.amqp;

import io.ferrymq.codec.Symbol;
import io.ferrymq.engine.sasl.Authenticator;
import io.ferrymq.engine.sasl.SaslContext;
import io.ferrymq.engine.sasl.SaslServerMechanism;
import java.util.Arrays;

/** Leaves SASL to the real authenticator, noting the mechanisms offered and the one the client chose. */
final class RecordingAuthenticator implements Authenticator {
    private final Authenticator real;
    private final ConnectionRecord record;

    RecordingAuthenticator(Authenticator real, ConnectionRecord record) {
        this.real = real;
        this.record = record;
    }

    @Override
    public Symbol[] mechanisms(SaslContext context) {
        Symbol[] offered = real.mechanisms(context);
        record.offered(Arrays.stream(offered).map(Symbol::toString).toList());
        return offered;
    }

    @Override
    public SaslServerMechanism start(Symbol mechanism, SaslContext context) {
        record.mechanism(mechanism.toString());
        return real.start(mechanism, context);
    }
}
