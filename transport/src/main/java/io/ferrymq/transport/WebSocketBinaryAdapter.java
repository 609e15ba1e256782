package io.ferrymq.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/**
 * AMQP over WebSocket: AMQP bytes travel in binary frames, in both directions. Any other data
 * frame is refused by closing with status 1003 (unsupported data).
 */
final class WebSocketBinaryAdapter extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {
    private final boolean client;

    WebSocketBinaryAdapter(boolean client) {
        this.client = client;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        BinaryWebSocketFrame frame = new BinaryWebSocketFrame(msg.retain());
        out.add(frame);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
            out.add(frame.content().retain());
        } else if (frame instanceof CloseWebSocketFrame) {
            ctx.close();
        } else if (!client) {
            ctx.writeAndFlush(new CloseWebSocketFrame(1003, "AMQP travels in binary frames"))
                    .addListener(f -> ctx.close());
        }
    }
}
