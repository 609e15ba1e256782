package io.ferrymq.client;

import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.transport.AmqpError;
import java.util.Map;

/**
 * The server closed a connection, session or link, or refused one, with an AMQP error
 * condition ({@code transport.xml#type-error}). {@link #condition()} names it (for example
 * {@code amqp:not-found}); {@link #description()} is the server's text. Conditions that
 * applications commonly handle have their own subclass.
 */
public class RemoteException extends ClientException {
    private final String condition;
    private final String description;
    private final Map<Symbol, Object> info;

    public RemoteException(String what, String condition, String description, Map<Symbol, Object> info) {
        super(what + ": " + condition + (description == null ? "" : " (" + description + ")"));
        this.condition = condition;
        this.description = description;
        this.info = info;
    }

    /** The error condition's symbol, for example {@code amqp:not-found}. */
    public String condition() {
        return condition;
    }

    /** The server's description of the error, or null. */
    public String description() {
        return description;
    }

    /** Extra information the server attached, or null. */
    public Map<Symbol, Object> info() {
        return info;
    }

    /** The exception for {@code error}: a subclass for the well-known conditions. */
    static RemoteException of(String what, ErrorCondition error) {
        if (error == null) {
            return new RemoteException(what, "(no error condition)", null, null);
        }
        Symbol c = error.condition();
        String name = c == null ? "(no error condition)" : c.toString();
        if (AmqpError.NOT_FOUND.equals(c)) {
            return new NotFoundException(what, name, error.description(), error.info());
        }
        if (AmqpError.UNAUTHORIZED_ACCESS.equals(c)) {
            return new UnauthorizedException(what, name, error.description(), error.info());
        }
        if (AmqpError.RESOURCE_LIMIT_EXCEEDED.equals(c)) {
            return new ResourceLimitException(what, name, error.description(), error.info());
        }
        return new RemoteException(what, name, error.description(), error.info());
    }

    /** {@code amqp:not-found}: the address, queue or subscription does not exist. */
    public static final class NotFoundException extends RemoteException {
        public NotFoundException(String what, String condition, String description, Map<Symbol, Object> info) {
            super(what, condition, description, info);
        }
    }

    /** {@code amqp:unauthorized-access}: the user may not do this. */
    public static final class UnauthorizedException extends RemoteException {
        public UnauthorizedException(String what, String condition, String description, Map<Symbol, Object> info) {
            super(what, condition, description, info);
        }
    }

    /** {@code amqp:resource-limit-exceeded}: a server limit was reached. */
    public static final class ResourceLimitException extends RemoteException {
        public ResourceLimitException(String what, String condition, String description, Map<Symbol, Object> info) {
            super(what, condition, description, info);
        }
    }
}
