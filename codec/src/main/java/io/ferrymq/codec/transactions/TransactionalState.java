package io.ferrymq.codec.transactions;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.messaging.DeliveryState;
import io.ferrymq.codec.messaging.Outcome;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * The state of a delivery that is part of a transaction, with its provisional outcome
 * ({@code transactions.xml#type-transactional-state}).
 */
public final class TransactionalState extends CompositeType implements DeliveryState {
    public static final long DESCRIPTOR_CODE = 0x34L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:transactional-state:list");
    private static final String NAME = "transactional-state";
    private static final String[] FIELDS = {"txn-id", "outcome"};

    private final Binary txnId;
    private final Outcome outcome;

    public TransactionalState(Binary txnId, Outcome outcome) {
        this.txnId = Objects.requireNonNull(txnId, "txn-id");
        this.outcome = outcome;
    }

    public Binary txnId() {
        return txnId;
    }

    /** The outcome to apply when the transaction commits, or null. */
    public Outcome outcome() {
        return outcome;
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
        return outcome != null ? 2 : 1;
    }

    @Override
    protected void writeFields(ByteBuf b, int count) {
        Encoder.writeBinary(b, txnId);
        if (count > 1) {
            Encoder.writeObject(b, outcome);
        }
    }

    public static TransactionalState decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        Binary txnId = n > 0 ? d.readBinary(b, "transactional-state.txn-id") : null;
        if (txnId == null) {
            throw d.missing(b, NAME, "txn-id");
        }
        Outcome outcome = n > 1 ? d.readDescribed(b, Outcome.class, "transactional-state.outcome") : null;
        d.endComposite(b, 2, NAME);
        return new TransactionalState(txnId, outcome);
    }
}
