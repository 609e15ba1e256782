package io.ferrymq.codec;

/**
 * The format codes of the AMQP encodings ({@code types.xml#section-encodings}). A constructor
 * is one of these, or {@link #DESCRIBED} followed by a descriptor and another constructor.
 */
public final class TypeCode {
    private TypeCode() {}

    public static final int DESCRIBED = 0x00;

    public static final int NULL = 0x40;
    public static final int TRUE = 0x41;
    public static final int FALSE = 0x42;
    public static final int UINT0 = 0x43;
    public static final int ULONG0 = 0x44;
    public static final int LIST0 = 0x45;

    public static final int UBYTE = 0x50;
    public static final int BYTE = 0x51;
    public static final int SMALLUINT = 0x52;
    public static final int SMALLULONG = 0x53;
    public static final int SMALLINT = 0x54;
    public static final int SMALLLONG = 0x55;
    public static final int BOOLEAN = 0x56;

    public static final int USHORT = 0x60;
    public static final int SHORT = 0x61;

    public static final int UINT = 0x70;
    public static final int INT = 0x71;
    public static final int FLOAT = 0x72;
    public static final int CHAR = 0x73;
    public static final int DECIMAL32 = 0x74;

    public static final int ULONG = 0x80;
    public static final int LONG = 0x81;
    public static final int DOUBLE = 0x82;
    public static final int TIMESTAMP = 0x83;
    public static final int DECIMAL64 = 0x84;

    public static final int DECIMAL128 = 0x94;
    public static final int UUID = 0x98;

    public static final int VBIN8 = 0xa0;
    public static final int STR8 = 0xa1;
    public static final int SYM8 = 0xa3;
    public static final int VBIN32 = 0xb0;
    public static final int STR32 = 0xb1;
    public static final int SYM32 = 0xb3;

    public static final int LIST8 = 0xc0;
    public static final int MAP8 = 0xc1;
    public static final int LIST32 = 0xd0;
    public static final int MAP32 = 0xd1;
    public static final int ARRAY8 = 0xe0;
    public static final int ARRAY32 = 0xf0;

    /**
     * The number of bytes a value with fixed-width constructor {@code code} occupies after the
     * constructor, or -1 when the code is not a fixed-width one ({@code types.xml#doc-fixed-width}:
     * the width follows from the code's upper nibble).
     */
    public static int fixedWidth(int code) {
        return switch (code) {
            case NULL, TRUE, FALSE, UINT0, ULONG0, LIST0 -> 0;
            case UBYTE, BYTE, SMALLUINT, SMALLULONG, SMALLINT, SMALLLONG, BOOLEAN -> 1;
            case USHORT, SHORT -> 2;
            case UINT, INT, FLOAT, CHAR, DECIMAL32 -> 4;
            case ULONG, LONG, DOUBLE, TIMESTAMP, DECIMAL64 -> 8;
            case DECIMAL128, UUID -> 16;
            default -> -1;
        };
    }

    /** A readable name of the encoding for error messages, such as {@code "str8-utf8 (0xa1)"}. */
    public static String describe(int code) {
        String name = switch (code) {
            case DESCRIBED -> "described";
            case NULL -> "null";
            case TRUE -> "true";
            case FALSE -> "false";
            case UINT0 -> "uint0";
            case ULONG0 -> "ulong0";
            case LIST0 -> "list0";
            case UBYTE -> "ubyte";
            case BYTE -> "byte";
            case SMALLUINT -> "smalluint";
            case SMALLULONG -> "smallulong";
            case SMALLINT -> "smallint";
            case SMALLLONG -> "smalllong";
            case BOOLEAN -> "boolean";
            case USHORT -> "ushort";
            case SHORT -> "short";
            case UINT -> "uint";
            case INT -> "int";
            case FLOAT -> "float";
            case CHAR -> "char";
            case DECIMAL32 -> "decimal32";
            case ULONG -> "ulong";
            case LONG -> "long";
            case DOUBLE -> "double";
            case TIMESTAMP -> "timestamp";
            case DECIMAL64 -> "decimal64";
            case DECIMAL128 -> "decimal128";
            case UUID -> "uuid";
            case VBIN8 -> "vbin8";
            case STR8 -> "str8-utf8";
            case SYM8 -> "sym8";
            case VBIN32 -> "vbin32";
            case STR32 -> "str32-utf8";
            case SYM32 -> "sym32";
            case LIST8 -> "list8";
            case MAP8 -> "map8";
            case LIST32 -> "list32";
            case MAP32 -> "map32";
            case ARRAY8 -> "array8";
            case ARRAY32 -> "array32";
            default -> "unknown";
        };
        return name + " (0x" + Integer.toHexString(code) + ")";
    }
}
