package io.ferrymq.broker;

import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.Symbol;

/** An attach the broker will not accept, with the condition and reason to send back. */
final class LinkRefusedException extends Exception {
    private final transient ErrorCondition error;

    LinkRefusedException(Symbol condition, String description) {
        super(description, null, false, false);
        this.error = new ErrorCondition(condition, description);
    }

    ErrorCondition error() {
        return error;
    }
}
