package io.ferrymq.codec.transport;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.DecodeException;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.messaging.DeliveryState;
import io.netty.buffer.ByteBuf;

/**
 * Transfer a message, or part of one, on a link ({@code transport.xml#type-transfer}). The
 * message bytes follow the performative in the frame's payload. Absent uint fields read as -1.
 */
public final class Transfer extends CompositeType implements Performative {
    public static final long DESCRIPTOR_CODE = 0x14L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:transfer:list");
    private static final String NAME = "transfer";
    private static final String[] FIELDS = {
        "handle",
        "delivery-id",
        "delivery-tag",
        "message-format",
        "settled",
        "more",
        "rcv-settle-mode",
        "state",
        "resume",
        "aborted",
        "batchable"
    };

    private long handle = -1;
    private long deliveryId = -1;
    private Binary deliveryTag;
    private long messageFormat = -1;
    private Boolean settled;
    private boolean more;
    private ReceiverSettleMode rcvSettleMode;
    private DeliveryState state;
    private boolean resume;
    private boolean aborted;
    private boolean batchable;

    public long handle() {
        return handle;
    }

    public Transfer handle(long handle) {
        this.handle = Checks.uint(handle, "handle");
        return this;
    }

    /** The delivery-id, or -1 when absent (continuation frames of a delivery may omit it). */
    public long deliveryId() {
        return deliveryId;
    }

    public Transfer deliveryId(long id) {
        this.deliveryId = Checks.uintOrAbsent(id, "delivery-id");
        return this;
    }

    public Binary deliveryTag() {
        return deliveryTag;
    }

    public Transfer deliveryTag(Binary tag) {
        this.deliveryTag = tag;
        return this;
    }

    /** The message-format, or -1 when absent (then 0 on the first frame of a delivery). */
    public long messageFormat() {
        return messageFormat;
    }

    public Transfer messageFormat(long format) {
        this.messageFormat = Checks.uintOrAbsent(format, "message-format");
        return this;
    }

    /** Whether the sender settled the delivery; null when absent. */
    public Boolean settled() {
        return settled;
    }

    public Transfer settled(Boolean settled) {
        this.settled = settled;
        return this;
    }

    public boolean more() {
        return more;
    }

    public Transfer more(boolean more) {
        this.more = more;
        return this;
    }

    /** The receiver settle mode for this delivery, or null to use the link's. */
    public ReceiverSettleMode rcvSettleMode() {
        return rcvSettleMode;
    }

    public Transfer rcvSettleMode(ReceiverSettleMode mode) {
        this.rcvSettleMode = mode;
        return this;
    }

    public DeliveryState state() {
        return state;
    }

    public Transfer state(DeliveryState state) {
        this.state = state;
        return this;
    }

    public boolean resume() {
        return resume;
    }

    public Transfer resume(boolean resume) {
        this.resume = resume;
        return this;
    }

    public boolean aborted() {
        return aborted;
    }

    public Transfer aborted(boolean aborted) {
        this.aborted = aborted;
        return this;
    }

    public boolean batchable() {
        return batchable;
    }

    public Transfer batchable(boolean batchable) {
        this.batchable = batchable;
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
        if (batchable) {
            return 11;
        } else if (aborted) {
            return 10;
        } else if (resume) {
            return 9;
        } else if (state != null) {
            return 8;
        } else if (rcvSettleMode != null) {
            return 7;
        } else if (more) {
            return 6;
        } else if (settled != null) {
            return 5;
        } else if (messageFormat >= 0) {
            return 4;
        } else if (deliveryTag != null) {
            return 3;
        } else if (deliveryId >= 0) {
            return 2;
        }
        return 1;
    }

    @Override
    protected void writeFields(ByteBuf b, int count) {
        Encoder.writeUIntOrNull(b, handle);
        if (count > 1) {
            Encoder.writeUIntOrNull(b, deliveryId);
        }
        if (count > 2) {
            Encoder.writeBinary(b, deliveryTag);
        }
        if (count > 3) {
            Encoder.writeUIntOrNull(b, messageFormat);
        }
        if (count > 4) {
            Encoder.writeBoolean(b, settled);
        }
        if (count > 5) {
            Encoder.writeBoolean(b, more);
        }
        if (count > 6) {
            Encoder.writeUByteOrNull(b, rcvSettleMode == null ? -1 : rcvSettleMode.code());
        }
        if (count > 7) {
            Encoder.writeObject(b, state);
        }
        if (count > 8) {
            Encoder.writeBoolean(b, resume);
        }
        if (count > 9) {
            Encoder.writeBoolean(b, aborted);
        }
        if (count > 10) {
            Encoder.writeBoolean(b, batchable);
        }
    }

    public static Transfer decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        Transfer t = new Transfer();
        t.handle = n > 0 ? d.readUInt(b, "transfer.handle") : -1;
        if (t.handle < 0) {
            throw d.missing(b, NAME, "handle");
        }
        if (n > 1) {
            t.deliveryId = d.readUInt(b, "transfer.delivery-id");
        }
        if (n > 2) {
            t.deliveryTag = d.readBinary(b, "transfer.delivery-tag");
        }
        if (n > 3) {
            t.messageFormat = d.readUInt(b, "transfer.message-format");
        }
        if (n > 4) {
            t.settled = d.readBoolean(b, "transfer.settled");
        }
        if (n > 5) {
            t.more = d.readBoolean(b, "transfer.more", false);
        }
        if (n > 6) {
            int code = d.readUByte(b, "transfer.rcv-settle-mode");
            if (code >= 0) {
                t.rcvSettleMode = ReceiverSettleMode.valueOf(code);
                if (t.rcvSettleMode == null) {
                    throw new DecodeException(
                            "transfer.rcv-settle-mode: " + code + " is not a receiver-settle-mode", d.position(b));
                }
            }
        }
        if (n > 7) {
            t.state = d.readDescribed(b, DeliveryState.class, "transfer.state");
        }
        if (n > 8) {
            t.resume = d.readBoolean(b, "transfer.resume", false);
        }
        if (n > 9) {
            t.aborted = d.readBoolean(b, "transfer.aborted", false);
        }
        if (n > 10) {
            t.batchable = d.readBoolean(b, "transfer.batchable", false);
        }
        d.endComposite(b, 11, NAME);
        return t;
    }
}
