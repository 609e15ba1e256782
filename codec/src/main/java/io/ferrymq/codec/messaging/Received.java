package io.ferrymq.codec.messaging;

import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.UnsignedLong;
import io.netty.buffer.ByteBuf;

/**
 * How much of a message has been received, for resuming a transfer
 * ({@code messaging.xml#type-received}).
 */
public final class Received extends CompositeType implements DeliveryState {
    public static final long DESCRIPTOR_CODE = 0x23L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:received:list");
    private static final String NAME = "received";
    private static final String[] FIELDS = {"section-number", "section-offset"};

    private final long sectionNumber;
    private final long sectionOffset;

    /**
     * @param sectionNumber the section, a uint
     * @param sectionOffset the offset in the section, a ulong given as its 64 bits
     */
    public Received(long sectionNumber, long sectionOffset) {
        if (sectionNumber < 0 || sectionNumber > 0xffff_ffffL) {
            throw new IllegalArgumentException("section-number is a uint: " + sectionNumber);
        }
        this.sectionNumber = sectionNumber;
        this.sectionOffset = sectionOffset;
    }

    public long sectionNumber() {
        return sectionNumber;
    }

    /** The section offset as the 64 bits of a ulong. */
    public long sectionOffset() {
        return sectionOffset;
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
        return 2;
    }

    @Override
    protected void writeFields(ByteBuf b, int count) {
        Encoder.writeUInt(b, (int) sectionNumber);
        Encoder.writeULong(b, sectionOffset);
    }

    public static Received decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        long number = n > 0 ? d.readUInt(b, "received.section-number") : -1;
        if (number < 0) {
            throw d.missing(b, NAME, "section-number");
        }
        UnsignedLong offset = n > 1 ? d.readULong(b, "received.section-offset") : null;
        if (offset == null) {
            throw d.missing(b, NAME, "section-offset");
        }
        d.endComposite(b, 2, NAME);
        return new Received(number, offset.longBits());
    }
}
