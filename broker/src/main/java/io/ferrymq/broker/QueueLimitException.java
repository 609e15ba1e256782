package io.ferrymq.broker;

/** No room for another queue: refused with amqp:resource-limit-exceeded. */
final class QueueLimitException extends RuntimeException {
    QueueLimitException(String message) {
        super(message, null, false, false);
    }
}
