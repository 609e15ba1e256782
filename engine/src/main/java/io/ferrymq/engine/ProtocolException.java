package io.ferrymq.engine;

import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.Symbol;

/**
 * A peer broke a rule of the protocol. Raised inside the engine while processing input and
 * turned into the right ending: a close (connection errors), an end (session errors) or a
 * detach (link errors), each carrying the spec's condition and a description.
 */
final class ProtocolException extends RuntimeException {
    enum Scope {
        CONNECTION,
        SESSION,
        LINK
    }

    private final transient ErrorCondition error;
    private final Scope scope;
    private final transient Object endpoint;

    ProtocolException(Symbol condition, String description) {
        this(Scope.CONNECTION, null, condition, description);
    }

    ProtocolException(Scope scope, Object endpoint, Symbol condition, String description) {
        super(condition + ": " + description, null, false, false);
        this.error = new ErrorCondition(condition, description);
        this.scope = scope;
        this.endpoint = endpoint;
    }

    static ProtocolException session(Session session, Symbol condition, String description) {
        return new ProtocolException(Scope.SESSION, session, condition, description);
    }

    static ProtocolException link(Link link, Symbol condition, String description) {
        return new ProtocolException(Scope.LINK, link, condition, description);
    }

    ErrorCondition error() {
        return error;
    }

    Scope scope() {
        return scope;
    }

    Object endpoint() {
        return endpoint;
    }
}
