package io.ferrymq.codec;

/**
 * A described value: a descriptor (a {@code ulong} code or a {@code symbol}) and the value it
 * describes ({@code types.xml#doc-descriptor-values}).
 */
public interface DescribedType {
    /** The descriptor: an {@link UnsignedLong} or a {@link Symbol} (or, rarely, another value). */
    Object descriptor();

    /** The described value. */
    Object described();
}
