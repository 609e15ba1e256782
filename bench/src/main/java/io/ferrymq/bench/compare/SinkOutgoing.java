package io.ferrymq.bench.compare;

import io.ferrymq.codec.transport.SenderSettleMode;
import io.ferrymq.engine.EndpointState;
import io.ferrymq.engine.Sender;
import io.ferrymq.transport.ConnectionContext;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A link the client receives from: ready-made messages go out as its address's producers supply them and its credit
 * allows, pre-settled if the client asked for that, in batches of about {@link #BATCH_BYTES} so the connection's
 * output is flushed between them, and held while the socket is full.
 */
final class SinkOutgoing {
    private static final int BATCH_BYTES = 256 * 1024;

    private final Sender sender;
    private final ConnectionContext context;
    private final SinkMessage message;
    private final SinkAddress address;
    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    private boolean stopped;

    SinkOutgoing(Sender sender, ConnectionContext context, SinkMessage message, SinkAddress address) {
        this.sender = sender;
        this.context = context;
        this.message = message;
        this.address = address;
    }

    void start() {
        context.onWritable(this::pump);
        address.add(this);
        pump();
    }

    void stop() {
        stopped = true;
        address.remove(this);
    }

    /** Any thread: messages arrived for the address; pump on the connection's event loop. */
    void wake() {
        if (wakeScheduled.compareAndSet(false, true)) {
            context.execute(() -> {
                wakeScheduled.set(false);
                pump();
            });
        }
    }

    /** On the event loop: sends one batch, then comes back for the next if credit and the socket allow. */
    void pump() {
        if (stopped || sender.localState() != EndpointState.ACTIVE) {
            return;
        }
        boolean presettled = sender.sndSettleMode() == SenderSettleMode.SETTLED;
        int bytes = 0;
        boolean more = false;
        while (sender.credit() > 0 && context.isWritable()) {
            if (bytes >= BATCH_BYTES) {
                more = true;
                break;
            }
            if (!address.claim()) {
                break;
            }
            sender.send(null, message.next(), presettled);
            bytes += message.size();
        }
        if (sender.draining()) {
            sender.drained();
        }
        if (more) {
            wake();
        }
    }
}
