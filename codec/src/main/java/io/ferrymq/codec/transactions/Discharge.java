package io.ferrymq.codec.transactions;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Message body asking a coordinator to end a transaction: commit, or roll back when
 * {@code fail} is true ({@code transactions.xml#type-discharge}).
 */
public final class Discharge extends CompositeType {
    public static final long DESCRIPTOR_CODE = 0x32L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:discharge:list");
    private static final String NAME = "discharge";
    private static final String[] FIELDS = {"txn-id", "fail"};

    private final Binary txnId;
    private final boolean fail;

    public Discharge(Binary txnId, boolean fail) {
        this.txnId = Objects.requireNonNull(txnId, "txn-id");
        this.fail = fail;
    }

    public Binary txnId() {
        return txnId;
    }

    /** True to roll back; absent means commit. */
    public boolean fail() {
        return fail;
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
        return fail ? 2 : 1;
    }

    @Override
    protected void writeFields(ByteBuf b, int count) {
        Encoder.writeBinary(b, txnId);
        if (count > 1) {
            Encoder.writeBoolean(b, fail);
        }
    }

    public static Discharge decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        Binary txnId = n > 0 ? d.readBinary(b, "discharge.txn-id") : null;
        if (txnId == null) {
            throw d.missing(b, NAME, "txn-id");
        }
        boolean fail = n > 1 && d.readBoolean(b, "discharge.fail", false);
        d.endComposite(b, 2, NAME);
        return new Discharge(txnId, fail);
    }
}
