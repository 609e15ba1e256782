package io.ferrymq.codec;

import io.netty.buffer.ByteBuf;

/** A value that writes its own AMQP encoding, constructor included. */
public interface Encodable {
    void encode(ByteBuf buffer);
}
