package io.ferrymq.codec;

/**
 * Bytes that are not a valid AMQP encoding of what was expected: truncated data, an unknown
 * constructor, a size or count larger than the bytes present, nesting deeper than the limit,
 * invalid UTF-8, or a composite missing a mandatory field.
 *
 * <p>The message says what was wrong and where (the buffer offset), so a peer can be told with
 * {@code amqp:decode-error} and a description it can act on.
 */
public class DecodeException extends RuntimeException {
    private final int offset;

    public DecodeException(String message, int offset) {
        super(message + " (at offset " + offset + ")");
        this.offset = offset;
    }

    public DecodeException(String message, int offset, Throwable cause) {
        super(message + " (at offset " + offset + ")", cause);
        this.offset = offset;
    }

    /** The buffer offset at which the problem was found, or -1 when unknown. */
    public int offset() {
        return offset;
    }
}
