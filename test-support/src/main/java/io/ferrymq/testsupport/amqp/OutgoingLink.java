package io.ferrymq.testsupport.amqp;

import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.messaging.DeliveryState;
import io.ferrymq.codec.messaging.Modified;
import io.ferrymq.codec.messaging.Rejected;
import io.ferrymq.codec.messaging.Released;
import io.ferrymq.codec.transport.SenderSettleMode;
import io.ferrymq.engine.Delivery;
import io.ferrymq.engine.EndpointState;
import io.ferrymq.engine.Sender;
import io.ferrymq.transport.ConnectionContext;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A link on which the client receives: the messages of its source address go out, as the bytes they came as, as far
 * as the client's credit allows. A delivery is settled here once the client settles it or gives its outcome; released
 * and modified messages go back on the queue, and so do those still unsettled when the link or the connection goes.
 * A drain with nothing left to send is answered at once.
 */
final class OutgoingLink {
    private final Sender sender;
    private final AddressQueue queue;
    private final ConnectionRecord record;
    private final ConnectionContext context;
    private final Map<Delivery, byte[]> unsettled = new LinkedHashMap<>();
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private final Runnable wake = this::wake;

    OutgoingLink(Sender sender, AddressQueue queue, ConnectionRecord record, ConnectionContext context) {
        this.sender = sender;
        this.queue = queue;
        this.record = record;
        this.context = context;
    }

    void start() {
        queue.addConsumer(wake);
    }

    /** Any thread: messages arrived, so pump on the connection's event loop (once, however many arrived). */
    private void wake() {
        if (wakeScheduled.compareAndSet(false, true)) {
            context.execute(() -> {
                wakeScheduled.set(false);
                pump();
            });
        }
    }

    /** On the event loop: sends what the credit allows, then answers a drain if nothing is left. */
    void pump() {
        if (sender.localState() != EndpointState.ACTIVE) {
            return;
        }
        boolean presettled = sender.sndSettleMode() == SenderSettleMode.SETTLED;
        while (sender.credit() > 0) {
            byte[] message = queue.poll();
            if (message == null) {
                break;
            }
            Delivery delivery = sender.send(null, Unpooled.wrappedBuffer(message), presettled);
            record.messageOut();
            if (!delivery.isSettled()) {
                unsettled.put(delivery, message);
            }
        }
        if (sender.draining()) {
            sender.drained();
        }
    }

    void onDeliveryUpdated(Delivery delivery) {
        byte[] message = unsettled.get(delivery);
        if (message == null) {
            return;
        }
        DeliveryState state = delivery.remoteState();
        boolean outcome = state instanceof Accepted
                || state instanceof Rejected
                || state instanceof Released
                || state instanceof Modified;
        if (!outcome && !delivery.isRemotelySettled()) {
            return;
        }
        unsettled.remove(delivery);
        if (state instanceof Released || state instanceof Modified) {
            queue.requeue(List.of(message));
        }
        if (!delivery.isSettled()) {
            delivery.disposition(state, true);
        }
    }

    /** The link or the connection is gone: what the client did not settle goes back on the queue. */
    void stop() {
        queue.removeConsumer(wake);
        List<byte[]> back = new ArrayList<>(unsettled.values());
        unsettled.clear();
        queue.requeue(back);
    }
}
