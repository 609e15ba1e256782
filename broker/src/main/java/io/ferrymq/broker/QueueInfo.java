package io.ferrymq.broker;

/**
 * What a queue holds at one moment, for tools and tests that look at a running broker: a snapshot, read without
 * stopping the queue (counts taken one after another may be a delivery apart).
 *
 * @param name         the queue's name
 * @param address      the address it is bound to
 * @param durable      whether its messages are kept in the journal
 * @param depth        messages held: ready, and handed out but not yet settled
 * @param bytes        the bytes of those messages
 * @param consumers    consumers attached
 * @param enqueued     messages put on the queue since it was made (or the broker started)
 * @param acknowledged messages consumers settled as done
 * @param expired      messages that expired on it
 * @param deadLettered messages moved to a dead-letter address
 */
public record QueueInfo(
        String name,
        String address,
        boolean durable,
        long depth,
        long bytes,
        int consumers,
        long enqueued,
        long acknowledged,
        long expired,
        long deadLettered) {}
