package io.ferrymq.codec;

import io.netty.buffer.ByteBuf;
import java.util.Map;
import java.util.Objects;

/**
 * Details of an error: a condition, a description and extra information ({@code transport.xml#type-error}).
 *
 * <p>Defined with the transport's types, but carried by the messaging layer too (the rejected outcome), so it lives
 * below both; the conditions themselves ({@code AmqpError}, {@code ConnectionError}, ...) stay in {@code transport}.
 */
public final class ErrorCondition extends CompositeType {
    public static final long DESCRIPTOR_CODE = 0x1dL;
    public static final Symbol DESCRIPTOR_SYMBOL = Symbol.valueOf("amqp:error:list");
    private static final String NAME = "error";
    private static final String[] FIELDS = {"condition", "description", "info"};

    private Symbol condition;
    private String description;
    private Map<Symbol, Object> info;

    public ErrorCondition(Symbol condition, String description) {
        this(condition, description, null);
    }

    public ErrorCondition(Symbol condition, String description, Map<Symbol, Object> info) {
        this.condition = Objects.requireNonNull(condition, "condition");
        this.description = description;
        this.info = info;
    }

    public Symbol condition() {
        return condition;
    }

    public String description() {
        return description;
    }

    public Map<Symbol, Object> info() {
        return info;
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
        return info != null ? 3 : description != null ? 2 : 1;
    }

    @Override
    protected void writeFields(ByteBuf b, int count) {
        Encoder.writeSymbol(b, condition);
        if (count > 1) {
            Encoder.writeString(b, description);
        }
        if (count > 2) {
            Encoder.writeMap(b, info);
        }
    }

    public static ErrorCondition decode(Decoder d, ByteBuf b, int ctor) {
        int n = d.beginComposite(b, ctor, NAME);
        Symbol condition = n > 0 ? d.readSymbol(b, "error.condition") : null;
        if (condition == null) {
            throw d.missing(b, NAME, "condition");
        }
        String description = n > 1 ? d.readString(b, "error.description") : null;
        Map<Symbol, Object> info = n > 2 ? d.readFields(b, "error.info") : null;
        d.endComposite(b, 3, NAME);
        return new ErrorCondition(condition, description, info);
    }
}
