package io.ferrymq.codec.transactions;

import io.ferrymq.codec.CompositeType;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.messaging.LinkTarget;
import io.netty.buffer.ByteBuf;

/** The target of a link to a transaction coordinator ({@code transactions.xml#type-coordinator}). */
public final class Coordinator extends CompositeType implements LinkTarget {
    public static final long DESCRIPTOR_CODE = 0x30L;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:coordinator:list");
    private static final String NAME = "coordinator";
    private static final String[] FIELDS = {"capabilities"};

    /** Capabilities a coordinator may have ({@code transactions.xml#type-txn-capability}). */
    public static final Symbol LOCAL_TRANSACTIONS = Symbol.valueOf("amqp:local-transactions");

    public static final Symbol DISTRIBUTED_TRANSACTIONS = Symbol.valueOf("amqp:distributed-transactions");
    public static final Symbol PROMOTABLE_TRANSACTIONS = Symbol.valueOf("amqp:promotable-transactions");
    public static final Symbol MULTI_TXNS_PER_SSN = Symbol.valueOf("amqp:multi-txns-per-ssn");
    public static final Symbol MULTI_SSNS_PER_TXN = Symbol.valueOf("amqp:multi-ssns-per-txn");

    private Symbol[] capabilities;

    public Symbol[] capabilities() {
        return capabilities;
    }

    public Coordinator capabilities(Symbol... capabilities) {
        this.capabilities = capabilities;
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
        return capabilities != null ? 1 : 0;
    }

    @Override
    protected void writeFields(ByteBuf b, int count) {
        Encoder.writeSymbolArray(b, capabilities);
    }

    public static Coordinator decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        Coordinator c = new Coordinator();
        if (n > 0) {
            c.capabilities = d.readSymbols(b, "coordinator.capabilities");
        }
        d.endComposite(b, 1, NAME);
        return c;
    }
}
