package io.ferrymq.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.spec.SpecTypes;
import io.ferrymq.codec.transport.Begin;
import io.ferrymq.codec.transport.Close;
import io.ferrymq.codec.transport.Open;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Our own scripted peer, for checks byte by byte: the exact bytes the engine writes, input cut
 * at every possible point, and random garbage that must never make the engine throw.
 */
class ByteLevelTest {

    private static byte[] output(Engine e) {
        ByteBuf all = Unpooled.buffer();
        ByteBuf b;
        while ((b = e.pollOutput()) != null) {
            all.writeBytes(b);
            b.release();
        }
        return ByteBufUtil.getBytes(all);
    }

    @Test
    void writesExactlyTheHeaderAndOpenTheSpecDescribes() {
        Engine client = Engine.client(
                new EngineOptions()
                        .containerId("c")
                        .maxFrameSize(512)
                        .channelMax(0)
                        .idleTimeoutMillis(0),
                new Recorder());
        client.connection().open();
        // "AMQP" 0 1 0 0, then a frame: size, doff 2, type 0, channel 0, and open with container-id
        // "c", max-frame-size 512 (uint), channel-max 0 (ushort): trailing fields left out.
        String expected = "414d515000010000" + "0000001a" + "02000000" + "005310" + "c00d04" + "a10163" + "40"
                + "7000000200" + "600000";
        assertThat(HexFormat.of().formatHex(output(client))).isEqualTo(expected);
    }

    @Test
    void writesAnEmptyFrameAsAHeartbeat() {
        Engine client = Engine.client(new EngineOptions().idleTimeoutMillis(0), new Recorder());
        client.connection().open();
        output(client);
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(ProtocolHeader.AMQP.bytes());
        frame(in, 0, new Open().containerId("s").idleTimeOut(100));
        client.ingest(in);
        client.tick(0);
        client.tick(50);
        assertThat(HexFormat.of().formatHex(output(client))).isEqualTo("0000000802000000");
    }

    private static void frame(ByteBuf b, int channel, io.ferrymq.codec.Encodable body) {
        int start = b.writerIndex();
        b.writeInt(0).writeByte(2).writeByte(0).writeShort(channel);
        body.encode(b);
        b.setInt(start, b.writerIndex() - start);
    }

    /** What a client would send: header, open, begin, close, each complete. */
    private static byte[] clientScript() {
        ByteBuf b = Unpooled.buffer();
        b.writeBytes(ProtocolHeader.AMQP.bytes());
        frame(b, 0, new Open().containerId("client"));
        b.writeInt(8).writeInt(0x02000000);
        frame(b, 0, new Begin().nextOutgoingId(0).incomingWindow(10).outgoingWindow(10));
        frame(b, 0, new Close());
        return ByteBufUtil.getBytes(b);
    }

    @Test
    void inputCutAtEveryPointGivesTheSameEvents() {
        byte[] script = clientScript();
        List<String> whole = run(script, script.length);
        assertThat(whole).containsExactly("open", "begin", "close");
        for (int chunk = 1; chunk < script.length; chunk++) {
            assertThat(run(script, chunk)).as("chunks of %d bytes", chunk).isEqualTo(whole);
        }
    }

    private static List<String> run(byte[] script, int chunk) {
        Recorder events = new Recorder().answering();
        Engine server = Engine.server(new EngineOptions(), events);
        for (int i = 0; i < script.length; i += chunk) {
            ByteBuf piece = Unpooled.wrappedBuffer(script, i, Math.min(chunk, script.length - i));
            server.ingest(piece);
            assertThat(piece.isReadable()).isFalse();
        }
        output(server);
        assertThat(server.failure()).isNull();
        assertThat(server.isFinished()).isTrue();
        return events.events;
    }

    @Test
    void theServersAnswerDecodes() {
        Engine server = Engine.server(new EngineOptions().containerId("srv"), new Recorder().answering());
        server.ingest(Unpooled.wrappedBuffer(clientScript()));
        ByteBuf out = Unpooled.wrappedBuffer(output(server));
        assertThat(ProtocolHeader.parse(out)).isEqualTo(ProtocolHeader.AMQP);
        out.skipBytes(8);
        Decoder d = SpecTypes.newDecoder();
        List<Object> frames = new ArrayList<>();
        while (out.isReadable()) {
            int size = out.readInt();
            out.skipBytes(4);
            frames.add(d.readObject(out.readSlice(size - 8)));
        }
        assertThat(frames).hasSize(3);
        assertThat(((Open) frames.get(0)).containerId()).isEqualTo("srv");
        assertThat(((Begin) frames.get(1)).remoteChannel()).isZero();
        assertThat(frames.get(2)).isInstanceOf(Close.class);
    }

    @Test
    void randomBytesNeverEscapeAsExceptions() {
        SplittableRandom random = new SplittableRandom(42);
        byte[] valid = clientScript();
        for (int round = 0; round < 3000; round++) {
            byte[] input = valid.clone();
            int edits = 1 + random.nextInt(6);
            for (int e = 0; e < edits; e++) {
                input[8 + random.nextInt(input.length - 8)] = (byte) random.nextInt(256);
            }
            Engine server = Engine.server(new EngineOptions().maxFrameSize(1024), new Recorder().answering());
            server.ingest(Unpooled.wrappedBuffer(input));
            output(server);
            if (server.failure() != null) {
                assertThat(server.failure().description()).isNotBlank();
                assertThat(server.isFinished()).isTrue();
            }
            server.transportClosed();
        }
    }
}
