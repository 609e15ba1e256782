package io.ferrymq.codec.transactions;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.messaging.Outcome;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** The outcome of a declare: the new transaction's id ({@code transactions.xml#type-declared}). */
public final class Declared extends CompositeType implements Outcome {
    public static final long DESCRIPTOR_CODE = 0x33L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:declared:list");
    private static final String NAME = "declared";
    private static final String[] FIELDS = {"txn-id"};

    private final Binary txnId;

    public Declared(Binary txnId) {
        this.txnId = Objects.requireNonNull(txnId, "txn-id");
    }

    public Binary txnId() {
        return txnId;
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
        return 1;
    }

    @Override
    protected void writeFields(ByteBuf b, int count) {
        Encoder.writeBinary(b, txnId);
    }

    public static Declared decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        Binary txnId = n > 0 ? d.readBinary(b, "declared.txn-id") : null;
        if (txnId == null) {
            throw d.missing(b, NAME, "txn-id");
        }
        d.endComposite(b, 1, NAME);
        return new Declared(txnId);
    }
}
