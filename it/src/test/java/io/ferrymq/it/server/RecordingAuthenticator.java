package io.ferrymq.it.server;

import io.ferrymq.codec.Symbol;
import io.ferrymq.engine.sasl.Authenticator;
import io.ferrymq.engine.sasl.SaslContext;
import io.ferrymq.engine.sasl.SaslServerMechanism;

/** Passes SASL to the real authenticator and notes what was offered and which mechanism the client chose. */
final class RecordingAuthenticator implements Authenticator {
    private final Authenticator delegate;
    private final ConnectionRecord record;

    RecordingAuthenticator(Authenticator delegate, ConnectionRecord record) {
        this.delegate = delegate;
        this.record = record;
    }

    @Override
    public Symbol[] mechanisms(SaslContext context) {
        Symbol[] offered = delegate.mechanisms(context);
        record.offered(java.util.Arrays.stream(offered).map(Symbol::toString).toList());
        return offered;
    }

    @Override
    public SaslServerMechanism start(Symbol mechanism, SaslContext context) {
        record.mechanism(mechanism.toString());
        return delegate.start(mechanism, context);
    }
}
