package io.ferrymq.codec;

import static io.ferrymq.codec.TypeCode.ARRAY32;
import static io.ferrymq.codec.TypeCode.ARRAY8;
import static io.ferrymq.codec.TypeCode.BOOLEAN;
import static io.ferrymq.codec.TypeCode.DESCRIBED;
import static io.ferrymq.codec.TypeCode.FALSE;
import static io.ferrymq.codec.TypeCode.LIST0;
import static io.ferrymq.codec.TypeCode.LIST32;
import static io.ferrymq.codec.TypeCode.LIST8;
import static io.ferrymq.codec.TypeCode.MAP32;
import static io.ferrymq.codec.TypeCode.MAP8;
import static io.ferrymq.codec.TypeCode.NULL;
import static io.ferrymq.codec.TypeCode.SMALLUINT;
import static io.ferrymq.codec.TypeCode.SMALLULONG;
import static io.ferrymq.codec.TypeCode.STR32;
import static io.ferrymq.codec.TypeCode.STR8;
import static io.ferrymq.codec.TypeCode.SYM32;
import static io.ferrymq.codec.TypeCode.SYM8;
import static io.ferrymq.codec.TypeCode.TIMESTAMP;
import static io.ferrymq.codec.TypeCode.TRUE;
import static io.ferrymq.codec.TypeCode.UBYTE;
import static io.ferrymq.codec.TypeCode.UINT;
import static io.ferrymq.codec.TypeCode.UINT0;
import static io.ferrymq.codec.TypeCode.ULONG;
import static io.ferrymq.codec.TypeCode.ULONG0;
import static io.ferrymq.codec.TypeCode.USHORT;
import static io.ferrymq.codec.TypeCode.VBIN32;
import static io.ferrymq.codec.TypeCode.VBIN8;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Map;

/**
 * Reads AMQP encodings ({@code types.xml#section-encodings}) from a Netty {@link ByteBuf},
 * accepting every valid encoding of each type.
 *
 * <p>A decoder is for one thread at a time (an engine owns one): it keeps the nesting depth
 * and a small cache of recently seen symbols. Input is treated as hostile: every size and
 * count is checked against the bytes present before anything is allocated, nesting is
 * bounded, strings must be valid UTF-8 and symbols ASCII; any violation raises a
 * {@link DecodeException} that says what was wrong and where, and nothing else escapes.
 *
 * <p>Values decode to the Java types listed in {@link Encoder}, so they re-encode to the AMQP
 * type they arrived as. The described types the decoder knows (its {@link DescribedTypes})
 * decode to their classes; others to {@link UnknownDescribedType}, which keeps its bytes.
 * {@link io.ferrymq.codec.spec.SpecTypes#newDecoder()} makes a decoder that knows every type of
 * the specification (performatives, sections, outcomes, ...).
 *
 * <p>Besides values of any type, a decoder reads the fields of composite types for their
 * decoders ({@link #beginComposite}, the field readers, {@link #endComposite}). Those first try a
 * short path for valid encodings in a buffer backed by an array, with one check of the bytes
 * present and one move of the reader index; anything else (another buffer, truncated or
 * unexpected bytes) takes the general path from the same place, which reports errors. Profile
 * (TransferBenchmark, FlowBenchmark): Netty's index checks were a third of decoding a
 * performative.
 */
public final class Decoder extends ValueReader {
    /** Default bound on nesting of lists, maps, arrays and described  */
    public static final int DEFAULT_MAX_DEPTH = 64;
    /** Bound on the count of an array whose elements take no bytes (such as an array of null). */
    public static final int MAX_ZERO_WIDTH_ELEMENTS = 65_536;

    /**
     * A decoder that knows the described types {@code types}, and bounds nesting at
     * {@link #DEFAULT_MAX_DEPTH}.
     */
    public Decoder(DescribedTypes types) {
        this(types, DEFAULT_MAX_DEPTH);
    }

    /** A decoder that knows the described types {@code types}, and bounds nesting at {@code maxDepth}. */
    public Decoder(DescribedTypes types, int maxDepth) {
        super(types, maxDepth);
    }

    // ---------------------------------------------------------------- entry points

    /**
     * Reads one value of any type.
     *
     * @throws DecodeException when the bytes are not a valid encoding
     */
    public Object readObject(ByteBuf b) {
        if (buffer != null || !b.hasArray()) {
            return readObjectGeneral(b);
        }
        // The common call: a value at the top level of a buffer backed by an array. Kept apart
        // from the general entry so that it stays small enough for the JIT to inline it whole.
        int start = b.readerIndex();
        int saved = depth;
        bind(b);
        try {
            return readValueAt(b, start);
        } finally {
            depth = saved;
            release(b);
        }
    }

    /** Reads one value, which must be a described value of type {@code type} (or null). */
    public <T> T readObject(ByteBuf b, Class<T> type, String what) {
        Object v = readObject(b);
        if (v != null && !type.isInstance(v)) {
            throw new DecodeException(
                    what + ": expected " + type.getSimpleName() + ", found " + describeValue(v), at(b));
        }
        return type.cast(v);
    }

    /** {@link #readObject} from inside another readObject, or from a buffer without an array. */
    private Object readObjectGeneral(ByteBuf b) {
        int saved = depth;
        ByteBuf outer = buffer;
        byte[] outerArray = array;
        int outerBase = base;
        if (outer != null) {
            // A call from inside another: the outer buffer's reader index is brought up to date
            // here and read back on return.
            outer.readerIndex(pos);
        }
        int start = b.readerIndex();
        bindIfArray(b);
        try {
            return readValueAt(b, start);
        } finally {
            depth = saved;
            release();
            restore(outer, outerArray, outerBase);
        }
    }

    /**
     * Where this decoder is reading {@code b}: its reader index, which the decoder keeps itself
     * while it decodes a value from a buffer backed by an array. Decoders of described types
     * use this, not {@link ByteBuf#readerIndex()}, for the offsets of their errors.
     */
    public int position(ByteBuf b) {
        return at(b);
    }

    // ---------------------------------------------------------------- composite fields

    /**
     * Begins reading a composite's list of fields: the list's constructor has been read as
     * {@code ctor}. Returns how many fields are present; fields beyond that take the spec's
     * defaults. Call {@link #endComposite} after reading the fields.
     */
    public int beginComposite(ByteBuf b, int ctor, String composite) {
        if (ctor == LIST8 && b == buffer) {
            // Short path for the common case, a valid list8: the checks of the general path, on
            // two bytes read at once.
            int i = pos;
            int avail = limit - i;
            if (avail >= 2 && depth < maxDepth) {
                int size = array[base + i] & 0xff;
                int count = array[base + i + 1] & 0xff;
                if (size >= 1 && size <= avail - 1 && count <= size - 1) {
                    pos = i + 2;
                    depth++;
                    ends[depth] = i + 1 + size;
                    counts[depth] = count;
                    return count;
                }
            }
        }
        return beginCompositeGeneral(b, ctor, composite);
    }

    private int beginCompositeGeneral(ByteBuf b, int ctor, String composite) {
        if (ctor != LIST0 && ctor != LIST8 && ctor != LIST32) {
            throw new DecodeException(
                    composite + ": expected a list of fields, found " + TypeCode.describe(ctor), at(b) - 1);
        }
        return beginCompound(b, ctor);
    }

    /**
     * Ends a composite of which {@code known} fields were read: fields a newer version of the
     * spec may have added are skipped, and the list's size is checked.
     */
    public void endComposite(ByteBuf b, int known, String composite) {
        int d = depth;
        if (counts[d] <= known && b == buffer && pos == ends[d]) {
            depth = d - 1;
            return;
        }
        endCompositeGeneral(b, known, composite);
    }

    private void endCompositeGeneral(ByteBuf b, int known, String composite) {
        for (int i = known; i < counts[depth]; i++) {
            int next = Encodings.valueEnd(b, at(b), maxDepth);
            moveTo(b, next);
        }
        endCompound(b, composite);
    }

    /** The error for a mandatory field that is absent or null. */
    public DecodeException missing(ByteBuf b, String composite, String field) {
        return new DecodeException(composite + ": mandatory field '" + field + "' is missing", at(b));
    }

    private DecodeException unexpected(ByteBuf b, int ctor, String expected, String field) {
        return new DecodeException(field + ": expected " + expected + ", found " + TypeCode.describe(ctor), at(b) - 1);
    }

    /** Reads a uint field: its value in [0, 2^32 - 1], or -1 when null. */
    public long readUInt(ByteBuf b, String field) {
        if (b == buffer) {
            int i = pos;
            int avail = limit - i;
            if (avail > 0) {
                int p = base + i;
                switch (array[p] & 0xff) {
                    case NULL:
                        pos = i + 1;
                        return -1;
                    case UINT0:
                        pos = i + 1;
                        return 0;
                    case SMALLUINT:
                        if (avail >= 2) {
                            pos = i + 2;
                            return array[p + 1] & 0xff;
                        }
                        break;
                    case UINT:
                        if (avail >= 5) {
                            pos = i + 5;
                            return Cursor.int32(array, p + 1) & 0xffff_ffffL;
                        }
                        break;
                    default:
                        break;
                }
            }
        }
        return readUIntGeneral(b, field);
    }

    private long readUIntGeneral(ByteBuf b, String field) {
        int ctor = readConstructor(b);
        switch (ctor) {
            case NULL:
                return -1;
            case UINT0:
                return 0;
            case SMALLUINT:
                need(b, 1, ctor);
                return readU8(b);
            case UINT:
                need(b, 4, ctor);
                return (readI32(b) & 0xffff_ffffL);
            default:
                throw unexpected(b, ctor, "uint", field);
        }
    }

    /** Reads a ubyte field: its value in [0, 255], or -1 when null. */
    public int readUByte(ByteBuf b, String field) {
        int ctor = readConstructor(b);
        if (ctor == NULL) {
            return -1;
        }
        if (ctor != UBYTE) {
            throw unexpected(b, ctor, "ubyte", field);
        }
        need(b, 1, ctor);
        return readU8(b);
    }

    /** Reads a ushort field: its value in [0, 65535], or -1 when null. */
    public int readUShort(ByteBuf b, String field) {
        int ctor = readConstructor(b);
        if (ctor == NULL) {
            return -1;
        }
        if (ctor != USHORT) {
            throw unexpected(b, ctor, "ushort", field);
        }
        need(b, 2, ctor);
        return (readI16(b) & 0xffff);
    }

    /** Reads a ulong field, or null. */
    public UnsignedLong readULong(ByteBuf b, String field) {
        int ctor = readConstructor(b);
        switch (ctor) {
            case NULL:
                return null;
            case ULONG0:
                return UnsignedLong.ZERO;
            case SMALLULONG:
                need(b, 1, ctor);
                return UnsignedLong.valueOf(readU8(b));
            case ULONG:
                need(b, 8, ctor);
                return UnsignedLong.valueOf(readI64(b));
            default:
                throw unexpected(b, ctor, "ulong", field);
        }
    }

    /** Reads a boolean field, or null. */
    public Boolean readBoolean(ByteBuf b, String field) {
        if (b == buffer) {
            int i = pos;
            if (i < limit) {
                switch (array[base + i] & 0xff) {
                    case NULL:
                        pos = i + 1;
                        return null;
                    case TRUE:
                        pos = i + 1;
                        return Boolean.TRUE;
                    case FALSE:
                        pos = i + 1;
                        return Boolean.FALSE;
                    default:
                        break;
                }
            }
        }
        return readBooleanGeneral(b, field);
    }

    /** Reads a boolean field, giving {@code absent} when it is null. */
    public boolean readBoolean(ByteBuf b, String field, boolean absent) {
        Boolean v = readBoolean(b, field);
        return v == null ? absent : v;
    }

    private Boolean readBooleanGeneral(ByteBuf b, String field) {
        int ctor = readConstructor(b);
        switch (ctor) {
            case NULL:
                return null;
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            case BOOLEAN:
                need(b, 1, ctor);
                return readBooleanByte(b);
            default:
                throw unexpected(b, ctor, "boolean", field);
        }
    }

    /** Reads a timestamp field: milliseconds since the epoch, or {@code absent} when null. */
    public long readTimestamp(ByteBuf b, String field, long absent) {
        if (skipNull(b)) {
            return absent;
        }
        if (b == buffer) {
            int i = pos;
            if (limit - i >= 9 && (array[base + i] & 0xff) == TIMESTAMP) {
                pos = i + 9;
                return Cursor.int64(array, base + i + 1);
            }
        }
        int ctor = readConstructor(b);
        if (ctor == NULL) {
            return absent;
        }
        if (ctor != TIMESTAMP) {
            throw unexpected(b, ctor, "timestamp", field);
        }
        need(b, 8, ctor);
        return readI64(b);
    }

    /** Reads a symbol field, or null. */
    public Symbol readSymbol(ByteBuf b, String field) {
        if (skipNull(b)) {
            return null;
        }
        int ctor = readConstructor(b);
        if (ctor == NULL) {
            return null;
        }
        if (ctor != SYM8 && ctor != SYM32) {
            throw unexpected(b, ctor, "symbol", field);
        }
        return readSymbolBody(b, ctor);
    }

    /**
     * Reads a field of symbols the spec marks {@code multiple="true"}: an array of symbol, a
     * single symbol (a one-element array), or null ({@code types.xml#doc-composite-type-representation}).
     */
    public Symbol[] readSymbols(ByteBuf b, String field) {
        int ctor = readConstructor(b);
        switch (ctor) {
            case NULL:
                return null;
            case SYM8:
            case SYM32:
                return new Symbol[] {readSymbolBody(b, ctor)};
            case ARRAY8:
            case ARRAY32:
                Object a = readArrayBody(b, ctor);
                if (a instanceof Symbol[] symbols) {
                    return symbols;
                }
                if (a instanceof Object[] empty && empty.length == 0) {
                    return new Symbol[0];
                }
                throw new DecodeException(
                        field + ": expected an array of symbol, found an array of "
                                + a.getClass().getComponentType().getSimpleName(),
                        at(b));
            default:
                throw unexpected(b, ctor, "symbol or array of symbol", field);
        }
    }

    /** Reads a string field, or null. */
    public String readString(ByteBuf b, String field) {
        if (skipNull(b)) {
            return null;
        }
        int ctor = readConstructor(b);
        if (ctor == NULL) {
            return null;
        }
        if (ctor != STR8 && ctor != STR32) {
            throw unexpected(b, ctor, "string", field);
        }
        return readStringBody(b, ctor);
    }

    /** Reads a binary field, or null. */
    public Binary readBinary(ByteBuf b, String field) {
        if (skipNull(b)) {
            return null;
        }
        if (b == buffer) {
            int i = pos;
            int avail = limit - i;
            if (avail >= 2 && (array[base + i] & 0xff) == VBIN8) {
                int size = array[base + i + 1] & 0xff;
                if (size <= avail - 2) {
                    int from = base + i + 2;
                    pos = i + 2 + size;
                    return new Binary(Cursor.copyOf(array, from, size));
                }
            }
        }
        return readBinaryGeneral(b, field);
    }

    /**
     * Reads a binary whose constructor {@code ctor} has just been read: for decoders of
     * described types whose value is a binary ({@code what} names it in errors).
     */
    public Binary readBinary(ByteBuf b, int ctor, String what) {
        if (ctor != VBIN8 && ctor != VBIN32) {
            throw unexpected(b, ctor, "binary", what);
        }
        return readBinaryBody(b, ctor);
    }

    private Binary readBinaryGeneral(ByteBuf b, String field) {
        int ctor = readConstructor(b);
        if (ctor == NULL) {
            return null;
        }
        if (ctor != VBIN8 && ctor != VBIN32) {
            throw unexpected(b, ctor, "binary", field);
        }
        return readBinaryBody(b, ctor);
    }

    /** Reads a field of any type. */
    public Object readAny(ByteBuf b, String field) {
        if (skipNull(b)) {
            return null;
        }
        int ctor = readConstructor(b);
        // A string read here, not through readValue (a call the JIT does not inline): the form
        // of most message-ids and correlation-ids.
        return ctor == STR8 ? readStringBody(b, ctor) : readValue(b, ctor);
    }

    /** When the next value in the bound array is a null, reads it and says so. */
    private boolean skipNull(ByteBuf b) {
        if (b == buffer) {
            int i = pos;
            if (i < limit && array[base + i] == NULL) {
                pos = i + 1;
                return true;
            }
        }
        return false;
    }

    /**
     * Reads a map, or null, whose constructor {@code ctor} has just been read and whose keys
     * must be of {@code keyType} ({@code Object.class}: any): for decoders of described types
     * whose value is a map ({@code what} names it in errors).
     */
    public Map<Object, Object> readMap(ByteBuf b, int ctor, Class<?> keyType, String what) {
        if (ctor == NULL) {
            return null;
        }
        if (ctor != MAP8 && ctor != MAP32) {
            throw unexpected(b, ctor, "map", what);
        }
        return readMapBody(b, ctor, keyType, what);
    }

    /** Reads a map field, or null. */
    public Map<Object, Object> readMap(ByteBuf b, String field) {
        return readMap(b, readConstructor(b), Object.class, field);
    }

    /** Reads a list field, or null. */
    public List<Object> readList(ByteBuf b, String field) {
        int ctor = readConstructor(b);
        if (ctor == NULL) {
            return null;
        }
        if (ctor != LIST0 && ctor != LIST8 && ctor != LIST32) {
            throw unexpected(b, ctor, "list", field);
        }
        return readListBody(b, ctor);
    }

    /**
     * Reads a map of the spec's fields type ({@code types.xml#type-fields}): keys are symbols.
     */
    @SuppressWarnings("unchecked")
    public Map<Symbol, Object> readFields(ByteBuf b, String field) {
        Map<Object, Object> map = readMap(b, readConstructor(b), Symbol.class, field);
        return (Map<Symbol, Object>) (Map<?, ?>) map;
    }

    /** Reads a field holding a described value of type {@code type}, or null. */
    public <T> T readDescribed(ByteBuf b, Class<T> type, String field) {
        if (b == buffer) {
            Object outcome = fieldlessOutcome(type);
            if (outcome != null) {
                return type.cast(outcome);
            }
        }
        int ctor = readConstructor(b);
        if (ctor == NULL) {
            return null;
        }
        if (ctor != DESCRIBED) {
            throw unexpected(b, ctor, type.getSimpleName(), field);
        }
        Object value = readDescribed(b);
        if (!type.isInstance(value)) {
            throw new DecodeException(
                    field + ": expected " + type.getSimpleName() + ", found " + describeValue(value), at(b));
        }
        return type.cast(value);
    }

    /**
     * The short path for the outcomes without fields (of the spec's types, accepted and released:
     * those the reader's {@link DescribedTypes.Reader#fieldless} gives), in the form peers write
     * them ({@code 00 53 24 45}: the descriptor code and an empty list0): when the bound array
     * holds one of them next and it is a {@code type}, reads it and returns the one value of its
     * type; otherwise reads nothing and returns null. The depth is checked as the
     * general path checks it (the described value and its list), so both accept the same bytes.
     * Profile (DispositionBenchmark.ferryDecode, JFR): the general path, a second call into
     * readDescribed and a composite with no fields, was about a fifth of the decode.
     */
    private Object fieldlessOutcome(Class<?> type) {
        int i = pos;
        if (limit - i < 4 || depth + 2 > maxDepth) {
            return null;
        }
        int p = base + i;
        if (array[p] != DESCRIBED || array[p + 1] != SMALLULONG || array[p + 3] != LIST0) {
            return null;
        }
        Object outcome = reader.fieldless(array[p + 2]);
        if (outcome == null || !type.isInstance(outcome)) {
            return null;
        }
        pos = i + 4;
        return outcome;
    }
}
