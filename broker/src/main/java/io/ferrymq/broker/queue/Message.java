package io.ferrymq.broker.queue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A message held by the broker: its encoded bytes (exactly as received) and what routing and
 * dispatch need from its header and properties. One message is shared by every queue it is on
 * (a topic's subscriptions); the body may be paged out to the store and read back on demand.
 */
public final class Message {
    private final long id;
    private final int size;
    /** Heap its body takes ({@link MemoryAccount#heapCost}): what the memory account counts for it. */
    private final int heapSize;

    private final boolean durable;
    private final byte priority;
    private final long expiry;
    private final String address;
    private String origin;
    private volatile byte[] body;
    /** The store has the message: its body may be dropped from memory. */
    private volatile boolean stored;
    /** Also on a queue the store does not hold it for (a non-durable one): the body must stay in memory. */
    private boolean pinned;

    private final AtomicInteger references = new AtomicInteger();

    public Message(long id, byte[] body, boolean durable, int priority, long expiry, String address) {
        this.id = id;
        this.body = body;
        this.size = body.length;
        this.heapSize = (int) MemoryAccount.heapCost(size);
        this.durable = durable;
        this.priority = (byte) Math.max(0, Math.min(9, priority));
        this.expiry = expiry;
        this.address = address;
    }

    /** A message recovered from the store, body not loaded. */
    public Message(long id, int size, boolean durable, int priority, long expiry, String address) {
        this.id = id;
        this.size = size;
        this.heapSize = (int) MemoryAccount.heapCost(size);
        this.durable = durable;
        this.priority = (byte) Math.max(0, Math.min(9, priority));
        this.expiry = expiry;
        this.address = address;
        this.stored = true;
    }

    public long id() {
        return id;
    }

    public int size() {
        return size;
    }

    /** Heap the body takes when in memory, as the memory account counts it. */
    public int heapSize() {
        return heapSize;
    }

    public boolean durable() {
        return durable;
    }

    /** Priority 0 (lowest) to 9 (highest); the header's value, capped at 9 ({@code messaging.xml#type-header}). */
    public int priority() {
        return priority;
    }

    /** When the message expires (milliseconds since the epoch), or 0 for never. */
    public long expiry() {
        return expiry;
    }

    public boolean expired(long now) {
        return expiry > 0 && now >= expiry;
    }

    /** The address it was sent to. */
    public String address() {
        return address;
    }

    /** The container-id of the connection that sent it (for no-local subscriptions), or null. */
    public String origin() {
        return origin;
    }

    public Message origin(String containerId) {
        this.origin = containerId;
        return this;
    }

    /** The bytes if in memory, or null when paged out. */
    public byte[] body() {
        return body;
    }

    public boolean stored() {
        return stored;
    }

    public void markStored() {
        this.stored = true;
    }

    /**
     * The message is also on a queue the journal does not keep it for: its body stays in memory, since that queue
     * could not read it back once the durable queues are done with it and the journal has let it go. Set before
     * the message is enqueued.
     */
    public Message pin() {
        this.pinned = true;
        return this;
    }

    private static final VarHandle BODY;

    static {
        try {
            BODY = MethodHandles.lookup().findVarHandle(Message.class, "body", byte[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Drops the body from memory if the store has it and a queue still holds the message;
     * returns the heap freed ({@link #heapSize()}; each body is freed once, whoever asks).
     */
    public int pageOut() {
        byte[] b = body;
        if (stored && !pinned && b != null && references.get() > 0 && BODY.compareAndSet(this, b, null)) {
            return heapSize;
        }
        return 0;
    }

    /** Drops the body for good (no queue holds the message); returns the heap freed. */
    public int dropBody() {
        byte[] b = body;
        if (b != null && BODY.compareAndSet(this, b, null)) {
            return heapSize;
        }
        return 0;
    }

    /** Puts a body read back from the store in memory again; returns the heap now held. */
    public int pageIn(byte[] bytes) {
        if (body == null) {
            body = bytes;
            return heapSize;
        }
        return 0;
    }

    /** One more queue holds the message. */
    public void retain() {
        references.incrementAndGet();
    }

    /** One queue less holds it; returns how many still do. */
    public int release() {
        return references.decrementAndGet();
    }

    public int references() {
        return references.get();
    }
}
