package io.ferrymq.broker;

import io.ferrymq.broker.address.Address;
import io.ferrymq.broker.address.AddressPolicy;
import io.ferrymq.broker.address.AddressRegistry;
import io.ferrymq.broker.queue.MemoryAccount;
import io.ferrymq.broker.queue.Message;
import io.ferrymq.broker.queue.Queue;
import io.ferrymq.broker.queue.QueueHost;
import io.ferrymq.broker.queue.QueueSettings;
import io.ferrymq.broker.queue.QueueSettingsCodec;
import io.ferrymq.codec.DecodeException;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.spec.SpecTypes;
import io.ferrymq.store.MessageReader;
import io.ferrymq.store.RecoveredQueue;
import io.ferrymq.store.RecoveredState;
import io.ferrymq.store.Store;
import io.ferrymq.store.StoreException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.EventLoopGroup;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the durable queues and their messages from what the journal recovered, as the broker starts: each queue
 * with the settings the operator owns taken from the configuration as it is now, its address defined, its messages
 * in journal order (those beyond what memory holds left in the journal, read back as the queue drains).
 *
 * <p>It runs once, on the thread that starts the broker, before the listeners and timers start: nothing else uses the
 * queues yet, so it fills them directly rather than through their mailboxes.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final AddressRegistry registry;
    private final MemoryAccount memory;
    private final Store store;
    private final SubscriptionFilters subscriptionFilters;
    private final QueueHost queueHost;
    private final EventLoopGroup workers;

    Recovery(
            AddressRegistry registry,
            MemoryAccount memory,
            Store store,
            SubscriptionFilters subscriptionFilters,
            QueueHost queueHost,
            EventLoopGroup workers) {
        this.registry = registry;
        this.memory = memory;
        this.store = store;
        this.subscriptionFilters = subscriptionFilters;
        this.queueHost = queueHost;
        this.workers = workers;
    }

    /** Recovers what {@code state} holds; returns the id the next queue made gets (above every recovered one). */
    long recover(RecoveredState state) {
        if (!state.damage().isEmpty()) {
            state.damage().forEach(d -> LOG.warn("journal damage: {}", d));
        }
        long maxQueueId = 0;
        Decoder decoder = SpecTypes.newDecoder();
        long now = System.currentTimeMillis();
        long recovered = 0;
        for (RecoveredQueue rq : state.queues()) {
            maxQueueId = Math.max(maxQueueId, rq.queueId());
            QueueSettings settings;
            try {
                settings = QueueSettingsCodec.decode(rq.settings());
            } catch (RuntimeException e) {
                LOG.error(
                        "queue {} in the journal has unreadable settings; its {} message(s) stay on disk",
                        rq.queueId(),
                        rq.messageIds().length,
                        e);
                continue;
            }
            AddressPolicy policy = registry.policy(settings.address());
            settings = configured(settings, policy);
            Address address = registry.define(settings.address(), settings.routing(), policy);
            Queue queue = new Queue(queueHost, rq.queueId(), settings, workers.next());
            registry.register(queue, address);
            memory.addStructure(QueueLifecycle.QUEUE_HEAP);
            if (settings.subscription() != null) {
                subscriptionFilters.set(
                        queue,
                        settings.subscription().selector(),
                        settings.subscription().noLocal());
            }
            recovered += recoverMessages(rq, queue, decoder, now);
        }
        if (!state.queues().isEmpty()) {
            LOG.info(
                    "recovered {} durable queue(s) holding {} message(s)",
                    state.queues().size(),
                    recovered);
        }
        return maxQueueId + 1;
    }

    /** Puts the messages of {@code rq} on {@code queue}, in memory while there is room; returns how many. */
    private long recoverMessages(RecoveredQueue rq, Queue queue, Decoder decoder, long now) {
        QueueSettings settings = queue.settings();
        MessageReader reader = store.newReader();
        long recovered = 0;
        for (int i = 0; i < rq.messageIds().length; i++) {
            long id = rq.messageIds()[i];
            try {
                ByteBuf b = reader.read(id);
                byte[] bytes = ByteBufUtil.getBytes(b);
                b.release();
                MessageInfo info = MessageInfo.read(bytes, decoder, now);
                if (memory.used() >= memory.limit() / 4) {
                    // More than memory holds: the rest stays in the journal, read back as the queue drains. Only
                    // a quarter of the limit is filled here: while it recovers, the journal's recovery state and
                    // the queues' slots for paged-out messages take heap the account does not see yet (a
                    // journal of 1,250,000 messages ran a 256 MiB heap out when recovery filled to the low mark).
                    queue.recoverPaged(id, info.priority(), bytes.length, rq.deliveryCounts()[i]);
                } else {
                    Message m = stored(id, bytes, info, settings.address());
                    memory.add(m.heapSize());
                    queue.recover(m, rq.deliveryCounts()[i]);
                }
            } catch (StoreException | DecodeException e) {
                LOG.error(
                        "queue {}: message {} cannot be read back; it is skipped: {}",
                        settings.name(),
                        id,
                        e.getMessage());
                continue;
            }
            recovered++;
        }
        return recovered;
    }

    /**
     * A recovered queue's settings with the ones the operator owns (limits, max-deliveries, dead-letter and expiry
     * addresses) taken from the configuration as it is now, not as it was when the queue was created: an address whose
     * max-messages went from 5 to 10 has queues of 10 after the restart. What changed is logged.
     */
    private static QueueSettings configured(QueueSettings s, AddressPolicy p) {
        QueueSettings c = new QueueSettings(
                s.name(),
                s.address(),
                s.routing(),
                s.durable(),
                s.temporary(),
                s.autoDelete(),
                p.maxMessages(),
                p.maxBytes(),
                p.maxDeliveries(),
                p.deadLetterAddress(),
                p.expiryAddress(),
                s.subscription());
        if (!c.equals(s)) {
            StringBuilder changed = new StringBuilder();
            note(changed, "max-messages", s.maxMessages(), c.maxMessages());
            note(changed, "max-bytes", s.maxBytes(), c.maxBytes());
            note(changed, "max-deliveries", s.maxDeliveries(), c.maxDeliveries());
            note(changed, "dead-letter-address", s.deadLetterAddress(), c.deadLetterAddress());
            note(changed, "expiry-address", s.expiryAddress(), c.expiryAddress());
            LOG.info("queue {}: the configuration changed since it was created: {}", s.name(), changed);
        }
        return c;
    }

    private static void note(StringBuilder b, String what, Object was, Object now) {
        if (!Objects.equals(was, now)) {
            b.append(b.isEmpty() ? "" : ", ")
                    .append(what)
                    .append(' ')
                    .append(was)
                    .append(" -> ")
                    .append(now);
        }
    }

    /** A durable message the journal holds, its bytes in memory. */
    static Message stored(long messageId, byte[] bytes, MessageInfo info, String address) {
        Message m = new Message(messageId, bytes, true, info.priority(), info.expiry(), address);
        m.markStored();
        return m;
    }
}
