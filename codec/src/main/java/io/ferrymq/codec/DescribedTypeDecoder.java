package io.ferrymq.codec;

import io.netty.buffer.ByteBuf;

/**
 * Decodes the value of one kind of described type, after its descriptor has been read.
 *
 * @param <T> the type made
 */
@FunctionalInterface
public interface DescribedTypeDecoder<T> {
    /**
     * Reads the value's fields and makes it.
     *
     * @param decoder the decoder, for reading the fields
     * @param buffer positioned after the value's constructor
     * @param constructor the value's constructor (for composites: list0, list8 or list32)
     */
    T decode(Decoder decoder, ByteBuf buffer, int constructor);
}
