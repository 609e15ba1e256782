package io.ferrymq.broker;

import io.ferrymq.broker.address.Address;
import io.ferrymq.broker.config.RoutingType;
import io.ferrymq.broker.queue.Queue;
import io.ferrymq.broker.queue.QueueEntry;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.messaging.Header;
import io.ferrymq.codec.messaging.MessageAnnotations;
import io.ferrymq.codec.messaging.MessageView;
import io.ferrymq.codec.messaging.Properties;
import io.ferrymq.codec.spec.SpecTypes;
import io.ferrymq.engine.LogText;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead letters and expired messages: a copy of the message goes to its queue's dead-letter address (rejected, or
 * past max-deliveries) or expiry address, with message annotations that say where it came from and why (the
 * {@code x-opt-} symbols below), and the queue lets the original go. A queue whose address is empty, or is its own,
 * drops the message instead.
 *
 * <p>A queue's thread calls it (through the queue's host) as the message leaves that queue; the copy is published
 * from there like any message. It holds no state of its own.
 */
final class DeadLetters {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    static final Symbol DEAD_LETTER_REASON = Symbol.valueOf("x-opt-dead-letter-reason");
    static final Symbol ORIGINAL_ADDRESS = Symbol.valueOf("x-opt-original-address");
    static final Symbol ORIGINAL_QUEUE = Symbol.valueOf("x-opt-original-queue");
    static final Symbol DELIVERY_FAILURES = Symbol.valueOf("x-opt-delivery-failures");
    static final Symbol EXPIRED = Symbol.valueOf("x-opt-expired");

    private final Broker broker;
    private final Router router;

    DeadLetters(Broker broker, Router router) {
        this.broker = broker;
        this.router = router;
    }

    /** A message rejected, or past its queue's max-deliveries: a copy goes to the queue's dead-letter address. */
    void deadLetter(QueueEntry entry, String reason) {
        Queue from = entry.queue();
        forward(
                entry,
                from.settings().deadLetterAddress(),
                Map.of(
                        DEAD_LETTER_REASON,
                        reason,
                        ORIGINAL_ADDRESS,
                        entry.message().address(),
                        ORIGINAL_QUEUE,
                        from.name(),
                        DELIVERY_FAILURES,
                        entry.deliveryCount()),
                "dead letter",
                false);
    }

    /** A message whose time has come: a copy goes to the queue's expiry address. */
    void expired(QueueEntry entry) {
        Queue from = entry.queue();
        forward(
                entry,
                from.settings().expiryAddress(),
                Map.of(EXPIRED, true, ORIGINAL_ADDRESS, entry.message().address(), ORIGINAL_QUEUE, from.name()),
                "expired message",
                true);
    }

    /**
     * Sends a copy of the entry's message, with extra message annotations, to {@code target}. The
     * copy of an expired message has no expiry time (header ttl, properties absolute-expiry-time):
     * it would be dead on arrival, and clients that honour expiry (Qpid JMS) would drop it.
     */
    private void forward(
            QueueEntry entry, String target, Map<Symbol, Object> annotations, String what, boolean clearExpiry) {
        if (target == null
                || target.isEmpty()
                || target.equals(entry.queue().settings().address())) {
            LOG.debug(
                    "dropping {} {} from queue {}",
                    what,
                    entry.message().id(),
                    entry.queue().name());
            return;
        }
        try {
            byte[] bytes = entry.queue().bodyOf(entry);
            Decoder decoder = SpecTypes.newDecoder();
            MessageView view = MessageView.parse(Unpooled.wrappedBuffer(bytes), decoder);
            Header header = view.header(decoder);
            Header copy = new Header()
                    .durable(header.durable())
                    .priority(header.priority())
                    .deliveryCount(entry.deliveryCount());
            Map<Object, Object> ma = new LinkedHashMap<>();
            MessageAnnotations existing = view.messageAnnotations(decoder);
            if (existing != null && existing.value() != null) {
                ma.putAll(existing.value());
            }
            ma.putAll(annotations);
            Properties properties = view.properties(decoder);
            Properties replaced = clearExpiry && properties != null && properties.hasAbsoluteExpiryTime()
                    ? properties.clearAbsoluteExpiryTime()
                    : null;
            ByteBuf spliced =
                    view.splice(UnpooledByteBufAllocator.DEFAULT, copy, false, new MessageAnnotations(ma), replaced);
            byte[] out = ByteBufUtil.getBytes(spliced);
            spliced.release();
            Address address = broker.resolve(target, RoutingType.ANYCAST, true);
            if (address == null) {
                LOG.warn(
                        "cannot {} message {}: address '{}' does not exist",
                        what,
                        entry.message().id(),
                        target);
                return;
            }
            MessageInfo info = new MessageInfo(header.durable(), header.priority(), 0, target, null);
            router.publish(address, out, info, null).whenComplete((state, e) -> {
                if (e != null || !(state instanceof Accepted)) {
                    LOG.warn(
                            "could not move {} {} to '{}': {}",
                            what,
                            entry.message().id(),
                            target,
                            e != null ? e : state);
                } else {
                    MOVES.info(
                            LOG,
                            "moved {} {} from queue {} to '{}'{}",
                            what,
                            entry.message().id(),
                            entry.queue().name(),
                            target,
                            describe(annotations));
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("could not move {} {} to '{}': {}", what, entry.message().id(), target, e.toString());
        }
    }

    /** Dead-lettered and expired messages, logged at INFO, held to a rate. */
    private static final LogLimiter MOVES = new LogLimiter(50);

    /** The reason a dead letter carries, for its log line. */
    private static String describe(Map<Symbol, Object> annotations) {
        Object reason = annotations.get(DEAD_LETTER_REASON);
        return reason == null ? "" : ": " + LogText.safe(reason);
    }
}
