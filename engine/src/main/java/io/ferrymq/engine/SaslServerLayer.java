package io.ferrymq.engine;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.security.SaslChallenge;
import io.ferrymq.codec.security.SaslCode;
import io.ferrymq.codec.security.SaslInit;
import io.ferrymq.codec.security.SaslMechanisms;
import io.ferrymq.codec.security.SaslOutcome;
import io.ferrymq.codec.security.SaslPerformative;
import io.ferrymq.codec.security.SaslResponse;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.engine.sasl.Authenticator;
import io.ferrymq.engine.sasl.SaslContext;
import io.ferrymq.engine.sasl.SaslException;
import io.ferrymq.engine.sasl.SaslServerMechanism;

/**
 * The server's SASL negotiation ({@code security.xml#doc-sasl-negotiation}): offer mechanisms,
 * run the chosen one's exchange, send the outcome.
 */
final class SaslServerLayer {
    /** A client gets this many challenge rounds before it is cut off. */
    private static final int MAX_ROUNDS = 8;

    private final Engine engine;
    private final Authenticator authenticator;
    private SaslContext context;
    private SaslServerMechanism mechanism;
    private int rounds;
    private SaslOutcome outcome;
    private String principal;

    SaslServerLayer(Engine engine, Authenticator authenticator) {
        this.engine = engine;
        this.authenticator = authenticator;
    }

    SaslOutcome outcome() {
        return outcome;
    }

    String principal() {
        return principal;
    }

    void start(String tlsPrincipal) {
        context = new SaslContext(null, tlsPrincipal);
        Symbol[] offered = authenticator.mechanisms(context);
        engine.writeSasl(new SaslMechanisms(offered));
    }

    void receive(SaslPerformative frame) {
        switch (frame) {
            case SaslInit init -> {
                if (mechanism != null) {
                    throw new ProtocolException(AmqpError.ILLEGAL_STATE, "a second sasl-init");
                }
                context = new SaslContext(init.hostname(), context.tlsPrincipal());
                mechanism = authenticator.start(init.mechanism(), context);
                if (mechanism == null) {
                    fail(SaslCode.AUTH, "mechanism " + init.mechanism() + " is not offered");
                    return;
                }
                step(init.initialResponse());
            }
            case SaslResponse response -> {
                if (mechanism == null) {
                    throw new ProtocolException(AmqpError.ILLEGAL_STATE, "sasl-response before sasl-init");
                }
                step(response.response());
            }
            default ->
                throw new ProtocolException(
                        AmqpError.ILLEGAL_STATE,
                        "a client does not send " + frame.getClass().getSimpleName());
        }
    }

    private void step(Binary response) {
        if (outcome != null) {
            throw new ProtocolException(AmqpError.ILLEGAL_STATE, "SASL frame after the outcome");
        }
        try {
            Binary challenge = mechanism.respond(response);
            if (challenge != null) {
                if (++rounds > MAX_ROUNDS) {
                    fail(SaslCode.AUTH, "too many SASL rounds");
                    return;
                }
                engine.writeSasl(new SaslChallenge(challenge));
                return;
            }
            principal = mechanism.principal();
            outcome = new SaslOutcome(SaslCode.OK, null);
            engine.writeSasl(outcome);
            engine.saslSucceeded();
        } catch (SaslException e) {
            fail(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            fail(SaslCode.SYS, "authentication error: " + e);
        }
    }

    private void fail(SaslCode code, String why) {
        outcome = new SaslOutcome(code, null);
        engine.writeSasl(outcome);
        engine.saslFailed(why);
    }
}
