package io.ferrymq.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import org.apache.qpid.protonj2.test.driver.ProtonTestConnector;

/**
 * One Ferry engine facing Qpid's scripted test peer (protonj2-test-driver), an independent
 * implementation with its own codec. The peer's bytes go straight into the engine; the
 * engine's output goes to the peer when the test calls {@link #pump()}.
 */
final class DriverHarness implements AutoCloseable {
    final Recorder events;
    final Engine engine;
    final ProtonTestConnector peer;

    private DriverHarness(Recorder events, boolean server, EngineOptions options) {
        this.events = events;
        this.engine = server ? Engine.server(options, events) : Engine.client(options, events);
        this.peer = new ProtonTestConnector(this::fromPeer);
    }

    static DriverHarness client(EngineOptions options) {
        return new DriverHarness(new Recorder(), false, options);
    }

    static DriverHarness client() {
        return client(new EngineOptions().containerId("ferry-client"));
    }

    static DriverHarness server(EngineOptions options) {
        return new DriverHarness(new Recorder().answering(), true, options);
    }

    private void fromPeer(ByteBuffer bytes) {
        ByteBuf copy = Unpooled.copiedBuffer(bytes);
        engine.ingest(copy);
        copy.release();
    }

    /** Gives all of the engine's output to the peer (which may answer at once). */
    void pump() {
        ByteBuf b;
        while ((b = engine.pollOutput()) != null) {
            ByteBuffer nio = ByteBuffer.allocate(b.readableBytes());
            b.readBytes(nio);
            b.release();
            nio.flip();
            peer.accept(nio);
        }
    }

    /** Pumps, then checks every expectation of the script was met. */
    void verify() {
        pump();
        peer.waitForScriptToComplete(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** The client side of a plain (no SASL) open against the peer, and one session begun. */
    Session openSession() {
        peer.expectAMQPHeader().respondWithAMQPHeader();
        peer.expectOpen().respond().withContainerId("driver");
        peer.expectBegin().respond();
        engine.connection().open();
        Session s = engine.connection().session();
        s.begin();
        verify();
        return s;
    }

    /** Matches a transfer's {@code more} field when it says no more frames follow (false, or absent). */
    static org.hamcrest.Matcher<?> notMore() {
        return org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.nullValue(), org.hamcrest.Matchers.equalTo(false));
    }

    /** The bytes of one AMQP frame on {@code channel} carrying {@code body}, encoded by Ferry's codec. */
    static byte[] frame(int channel, io.ferrymq.codec.Encodable body) {
        ByteBuf b = Unpooled.buffer();
        b.writeInt(0).writeByte(2).writeByte(0).writeShort(channel);
        body.encode(b);
        b.setInt(0, b.readableBytes());
        return io.netty.buffer.ByteBufUtil.getBytes(b);
    }

    @Override
    public void close() {
        peer.close();
    }
}
