package io.ferrymq.codec.messaging;

import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;

/**
 * Transport headers for a message ({@code messaging.xml#type-header}). Absent fields take the
 * spec's defaults (not durable, priority 4, no ttl, not first-acquirer, delivery-count 0) and
 * fields equal to their default are not written.
 */
public final class Header extends CompositeType implements Section {
    public static final long DESCRIPTOR_CODE = 0x70L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:header:list");
    private static final String NAME = "header";
    private static final String[] FIELDS = {"durable", "priority", "ttl", "first-acquirer", "delivery-count"};

    /** The priority of a message that does not say: 4. */
    public static final int DEFAULT_PRIORITY = 4;

    private boolean durable;
    private int priority = DEFAULT_PRIORITY;
    private long ttl = -1;
    private boolean firstAcquirer;
    private long deliveryCount;

    public boolean durable() {
        return durable;
    }

    public Header durable(boolean durable) {
        this.durable = durable;
        return this;
    }

    /** Relative priority in [0, 255]; 4 when absent. */
    public int priority() {
        return priority;
    }

    public Header priority(int priority) {
        if (priority < 0 || priority > 255) {
            throw new IllegalArgumentException("priority is a ubyte, not " + priority);
        }
        this.priority = priority;
        return this;
    }

    /** Time to live in milliseconds, or -1 when absent. */
    public long ttl() {
        return ttl;
    }

    public Header ttl(long ttl) {
        if (ttl < -1 || ttl > 0xffff_ffffL) {
            throw new IllegalArgumentException("ttl is a uint (or -1 for absent), not " + ttl);
        }
        this.ttl = ttl;
        return this;
    }

    public boolean firstAcquirer() {
        return firstAcquirer;
    }

    public Header firstAcquirer(boolean firstAcquirer) {
        this.firstAcquirer = firstAcquirer;
        return this;
    }

    /** The number of prior unsuccessful delivery attempts, a uint. */
    public long deliveryCount() {
        return deliveryCount;
    }

    public Header deliveryCount(long count) {
        if (count < 0 || count > 0xffff_ffffL) {
            throw new IllegalArgumentException("delivery-count is a uint, not " + count);
        }
        this.deliveryCount = count;
        return this;
    }

    @Override
    public long descriptorCode() {
        return DESCRIPTOR_CODE;
    }

    @Override
    public Symbol descriptorSymbol() {
        return DESCRIPTOR_SYMBOL;
    }

    @Override
    protected String[] fieldNames() {
        return FIELDS;
    }

    @Override
    protected int fieldCount() {
        if (deliveryCount != 0) {
            return 5;
        } else if (firstAcquirer) {
            return 4;
        } else if (ttl >= 0) {
            return 3;
        } else if (priority != DEFAULT_PRIORITY) {
            return 2;
        }
        return durable ? 1 : 0;
    }

    @Override
    protected void writeFields(ByteBuf b, int count) {
        if (durable) {
            Encoder.writeBoolean(b, true);
        } else {
            Encoder.writeNull(b);
        }
        if (count > 1) {
            if (priority != DEFAULT_PRIORITY) {
                Encoder.writeUByte(b, (byte) priority);
            } else {
                Encoder.writeNull(b);
            }
        }
        if (count > 2) {
            Encoder.writeUIntOrNull(b, ttl);
        }
        if (count > 3) {
            if (firstAcquirer) {
                Encoder.writeBoolean(b, true);
            } else {
                Encoder.writeNull(b);
            }
        }
        if (count > 4) {
            Encoder.writeUInt(b, (int) deliveryCount);
        }
    }

    public static Header decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        Header h = new Header();
        if (n > 0) {
            h.durable = d.readBoolean(b, "header.durable", false);
        }
        if (n > 1) {
            int p = d.readUByte(b, "header.priority");
            h.priority = p < 0 ? DEFAULT_PRIORITY : p;
        }
        if (n > 2) {
            h.ttl = d.readUInt(b, "header.ttl");
        }
        if (n > 3) {
            h.firstAcquirer = d.readBoolean(b, "header.first-acquirer", false);
        }
        if (n > 4) {
            h.deliveryCount = Math.max(0, d.readUInt(b, "header.delivery-count"));
        }
        d.endComposite(b, 5, NAME);
        return h;
    }
}
