package io.ferrymq.engine;

import io.ferrymq.codec.security.SaslChallenge;
import io.ferrymq.codec.security.SaslCode;
import io.ferrymq.codec.security.SaslInit;
import io.ferrymq.codec.security.SaslMechanisms;
import io.ferrymq.codec.security.SaslOutcome;
import io.ferrymq.codec.security.SaslPerformative;
import io.ferrymq.codec.security.SaslResponse;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.engine.sasl.SaslClientMechanism;
import io.ferrymq.engine.sasl.SaslCredentials;
import io.ferrymq.engine.sasl.SaslException;
import java.util.Arrays;

/** The client's SASL negotiation: choose a mechanism from the offer, answer challenges, check the outcome. */
final class SaslClientLayer {
    private final Engine engine;
    private final SaslCredentials credentials;
    private SaslClientMechanism mechanism;
    private SaslOutcome outcome;

    SaslClientLayer(Engine engine, SaslCredentials credentials) {
        this.engine = engine;
        this.credentials = credentials;
    }

    SaslOutcome outcome() {
        return outcome;
    }

    SaslClientMechanism mechanism() {
        return mechanism;
    }

    void receive(SaslPerformative frame) {
        try {
            switch (frame) {
                case SaslMechanisms offer -> {
                    if (mechanism != null) {
                        throw new ProtocolException(AmqpError.ILLEGAL_STATE, "a second sasl-mechanisms");
                    }
                    mechanism = credentials.choose(offer.mechanisms());
                    if (mechanism == null) {
                        engine.saslFailed("no offered SASL mechanism fits the credentials: the server offers "
                                + Arrays.toString(offer.mechanisms()) + ", the client has " + credentials);
                        return;
                    }
                    engine.writeSasl(new SaslInit(
                            mechanism.name(),
                            mechanism.initialResponse(),
                            engine.options().hostname()));
                }
                case SaslChallenge challenge -> {
                    if (mechanism == null) {
                        throw new ProtocolException(AmqpError.ILLEGAL_STATE, "sasl-challenge before sasl-init");
                    }
                    engine.writeSasl(new SaslResponse(mechanism.challenge(challenge.challenge())));
                }
                case SaslOutcome o -> {
                    outcome = o;
                    if (o.code() != SaslCode.OK) {
                        engine.saslFailed("the server refused authentication (" + o.code() + ")");
                        return;
                    }
                    if (mechanism == null) {
                        throw new ProtocolException(AmqpError.ILLEGAL_STATE, "sasl-outcome before sasl-init");
                    }
                    mechanism.outcome(o.additionalData());
                    engine.saslSucceeded();
                }
                default ->
                    throw new ProtocolException(
                            AmqpError.ILLEGAL_STATE,
                            "a server does not send " + frame.getClass().getSimpleName());
            }
        } catch (SaslException e) {
            engine.saslFailed(e.getMessage());
        }
    }
}
