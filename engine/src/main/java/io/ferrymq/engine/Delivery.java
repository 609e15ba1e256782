package io.ferrymq.engine;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.messaging.DeliveryState;
import io.ferrymq.codec.transport.ReceiverSettleMode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;

/**
 * One message transfer on a link ({@code transport.xml#doc-deliveries}), seen from either end.
 *
 * <p>On a {@link Receiver}, a delivery gathers the payload of its transfer frames; while
 * {@link #isPartial()} more are to come. The application reads the bytes as they come or takes
 * them whole with {@link #takePayload()}, then gives its verdict with {@link #disposition} or
 * {@link #settle}. On a {@link Sender}, a delivery is made by {@link Sender#send} or
 * {@link Sender#begin}, and the peer's verdict arrives as {@link #remoteState()} and
 * {@link #isRemotelySettled()}.
 */
public final class Delivery {
    private final Link link;
    private final long deliveryId;
    private final Binary tag;
    private final long messageFormat;
    private DeliveryState localState;
    private DeliveryState remoteState;
    private boolean locallySettled;
    private boolean remotelySettled;
    private boolean partial;
    private boolean aborted;
    private ReceiverSettleMode rcvSettleMode;
    private boolean settleWhenRemoteSettles;
    private Object context;

    /** Incoming payload gathered so far (receiver), or outgoing payload not yet framed (sender). */
    private ByteBuf payload;

    private long payloadBytesTotal;
    /** Sender side: the first frame has been written (so the delivery-count has moved). */
    private boolean firstFrameWritten;
    /** Sender side: the application has written all of the payload. */
    private boolean complete;

    Delivery(Link link, long deliveryId, Binary tag, long messageFormat) {
        this.link = link;
        this.deliveryId = deliveryId;
        this.tag = tag;
        this.messageFormat = messageFormat;
    }

    public Link link() {
        return link;
    }

    /** The session-scoped delivery-id. */
    public long deliveryId() {
        return deliveryId;
    }

    public Binary tag() {
        return tag;
    }

    public long messageFormat() {
        return messageFormat;
    }

    /** True while more transfer frames of this delivery are expected (receiver) or to be written (sender). */
    public boolean isPartial() {
        return partial;
    }

    /** True when the sender aborted the delivery: its payload is to be discarded. */
    public boolean isAborted() {
        return aborted;
    }

    private DeliveryState transferState;

    /** The state the first transfer of an outgoing delivery carries, or null. */
    DeliveryState transferState() {
        return transferState;
    }

    void transferState(DeliveryState state) {
        this.transferState = state;
    }

    public DeliveryState localState() {
        return localState;
    }

    public DeliveryState remoteState() {
        return remoteState;
    }

    void remoteState(DeliveryState state) {
        this.remoteState = state;
    }

    public boolean isSettled() {
        return locallySettled;
    }

    public boolean isRemotelySettled() {
        return remotelySettled;
    }

    /** The receiver settle mode that applies to this delivery. */
    public ReceiverSettleMode rcvSettleMode() {
        return rcvSettleMode != null ? rcvSettleMode : link.rcvSettleMode();
    }

    // ------------------------------------------------------------------ engine side

    void rcvSettleMode(ReceiverSettleMode mode) {
        this.rcvSettleMode = mode;
    }

    /** Anything the application wants to keep with this delivery. */
    public Object context() {
        return context;
    }

    public void context(Object context) {
        this.context = context;
    }

    /** Payload bytes received (receiver) or written by the application (sender) so far. */
    public long payloadBytesTotal() {
        return payloadBytesTotal;
    }

    /**
     * The payload bytes received so far and not yet taken, as a buffer the delivery still owns:
     * read it during the handler call, or {@link ByteBuf#retain()} it.
     */
    public ByteBuf payload() {
        return payload == null ? Unpooled.EMPTY_BUFFER : payload;
    }

    /**
     * Takes the payload received so far: the caller owns the returned buffer and releases it.
     * Taking it frees the session's incoming window for more.
     */
    public ByteBuf takePayload() {
        ByteBuf p = payload;
        payload = null;
        if (p == null) {
            return Unpooled.EMPTY_BUFFER;
        }
        link.session().incomingBytesTaken(p.readableBytes());
        return p;
    }

    /**
     * Sets this end's state of the delivery and, when {@code settle}, settles it: the
     * disposition goes to the peer with the next output (several are sent as one range).
     *
     * @throws IllegalStateException when the delivery is already settled here, or when a
     *     receiver would settle before the sender under {@link ReceiverSettleMode#SECOND}
     */
    public void disposition(DeliveryState state, boolean settle) {
        if (locallySettled) {
            throw new IllegalStateException("delivery " + deliveryId + " is already settled");
        }
        if (settle
                && link instanceof Receiver
                && rcvSettleMode() == ReceiverSettleMode.SECOND
                && !remotelySettled
                && state != null) {
            // transport.xml#doc-receiver-settle-mode: in mode second the receiver settles only
            // after the sender has settled; it sends its state unsettled and settles then.
            localState = state;
            settleWhenRemoteSettles = true;
            link.session().queueDisposition(this, state, false);
            return;
        }
        localState = state;
        if (settle) {
            locallySettled = true;
        }
        if (!remotelySettled) {
            link.session().queueDisposition(this, state, settle);
        }
        if (settle) {
            link.session().forget(this);
            releasePayload();
        }
    }

    /** Settles the delivery with its current local state. */
    public void settle() {
        disposition(localState, true);
    }

    /**
     * Sender side: writes more of this delivery's payload, taking ownership of {@code bytes}.
     * {@code last} ends the delivery. Bytes are framed as the peer's windows allow.
     */
    public void write(ByteBuf bytes, boolean last) {
        if (!(link instanceof Sender sender)) {
            bytes.release();
            throw new IllegalStateException("only a sender's delivery is written");
        }
        sender.write(this, bytes, last);
    }

    /** Sender side: abandons a partly sent delivery ({@code transport.xml#doc-aborted}). */
    public void abort() {
        if (!(link instanceof Sender sender)) {
            throw new IllegalStateException("only a sender aborts a delivery");
        }
        sender.abort(this);
    }

    void partial(boolean partial) {
        this.partial = partial;
    }

    void aborted() {
        this.aborted = true;
        this.partial = false;
        releasePayload();
    }

    void remotelySettled() {
        this.remotelySettled = true;
    }

    /** Receiver side under mode second: the application asked to settle once the sender had. */
    boolean settleWhenRemoteSettles() {
        return settleWhenRemoteSettles;
    }

    void locallySettled() {
        this.locallySettled = true;
    }

    /** Receiver side: appends a frame's payload, retaining a slice of it. */
    void append(ByteBuf frameBytes) {
        int n = frameBytes.readableBytes();
        payloadBytesTotal += n;
        if (n == 0) {
            return;
        }
        ByteBuf slice = frameBytes.retainedSlice();
        if (payload == null) {
            payload = slice;
        } else if (payload instanceof CompositeByteBuf composite) {
            composite.addComponent(true, slice);
        } else {
            CompositeByteBuf composite = slice.alloc().compositeBuffer(16);
            composite.addComponent(true, payload);
            composite.addComponent(true, slice);
            payload = composite;
        }
    }

    /** Sender side: queues bytes for framing. */
    void queueOutgoing(ByteBuf bytes, boolean last) {
        payloadBytesTotal += bytes.readableBytes();
        if (payload != null && !payload.isReadable()) {
            // All of it has been framed (the frames hold slices of their own): let it go, so a
            // delivery streamed in pieces holds only what is not yet sent.
            payload.release();
            payload = null;
        }
        if (payload == null) {
            payload = bytes;
        } else {
            CompositeByteBuf composite;
            if (payload instanceof CompositeByteBuf c) {
                composite = c;
                composite.discardReadComponents();
            } else {
                composite = bytes.alloc().compositeBuffer(16);
                composite.addComponent(true, payload);
                payload = composite;
            }
            composite.addComponent(true, bytes);
        }
        complete = last;
        partial = !last;
    }

    ByteBuf outgoing() {
        return payload;
    }

    boolean complete() {
        return complete;
    }

    boolean firstFrameWritten() {
        return firstFrameWritten;
    }

    void firstFrameWritten(boolean written) {
        this.firstFrameWritten = written;
    }

    /** Sender side: all queued payload has been framed. */
    boolean fullyWritten() {
        return complete && (payload == null || !payload.isReadable());
    }

    void releasePayload() {
        if (payload != null) {
            int left = payload.readableBytes();
            payload.release();
            payload = null;
            if (link instanceof Receiver) {
                link.session().incomingBytesTaken(left);
            }
        }
    }

    @Override
    public String toString() {
        return "Delivery{id=" + deliveryId + ", tag=" + tag + ", link=" + link.name() + ", settled=" + locallySettled
                + "/" + remotelySettled + ", state=" + localState + "/" + remoteState + "}";
    }
}
