package io.ferrymq.it.broker;

import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encodable;
import io.ferrymq.codec.spec.SpecTypes;
import io.ferrymq.codec.transport.Close;
import io.ferrymq.codec.transport.Open;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;

/**
 * A client that writes whatever bytes a test gives it over a plain socket: well-formed frames
 * (encoded with Ferry's codec) or garbage. It reads the broker's frames back, decoded, to see
 * how the broker answered.
 */
final class RawAmqp implements AutoCloseable {
    static final byte[] AMQP_HEADER = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};
    static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};

    /** A frame from the broker: its channel and performative, and the payload after it. */
    record Frame(int channel, Object performative, byte[] payload) {}

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Decoder decoder = SpecTypes.newDecoder();
    Open brokerOpen;

    private RawAmqp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawAmqp connect(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(20_000);
        s.setTcpNoDelay(true);
        return new RawAmqp(s);
    }

    /** Connects with a socket receive buffer of {@code receiveBuffer} bytes (set before connecting, as TCP needs). */
    static RawAmqp connect(int port, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(receiveBuffer);
        s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 20_000);
        s.setSoTimeout(20_000);
        s.setTcpNoDelay(true);
        return new RawAmqp(s);
    }

    /** Connects and opens an AMQP connection (no SASL: the broker allows anonymous on loopback). */
    static RawAmqp open(int port, String containerId) throws IOException {
        return open(connect(port), containerId);
    }

    /** Opens an AMQP connection on {@code c}. */
    static RawAmqp open(RawAmqp c, String containerId) throws IOException {
        c.write(AMQP_HEADER);
        c.frame(0, new Open().containerId(containerId));
        byte[] header = c.readBytes(8);
        if (!Arrays.equals(header, AMQP_HEADER)) {
            throw new AssertionError("the broker answered the AMQP header with " + ByteBufUtil.hexDump(header));
        }
        Frame f = c.read();
        if (!(f.performative() instanceof Open o)) {
            throw new AssertionError("the broker answered open with " + f.performative());
        }
        c.brokerOpen = o;
        return c;
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One AMQP frame carrying {@code performative} (and {@code payload}, for a transfer). */
    static byte[] encode(int channel, Encodable performative, byte[] payload) {
        ByteBuf b = Unpooled.buffer();
        b.writeInt(0);
        b.writeByte(2);
        b.writeByte(0);
        b.writeShort(channel);
        performative.encode(b);
        if (payload != null) {
            b.writeBytes(payload);
        }
        b.setInt(0, b.readableBytes());
        return ByteBufUtil.getBytes(b);
    }

    void frame(int channel, Encodable performative) throws IOException {
        write(encode(channel, performative, null));
    }

    byte[] readBytes(int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    /** The next frame from the broker (heartbeats skipped). */
    Frame read() throws IOException {
        while (true) {
            int size = in.readInt();
            byte[] rest = readBytes(size - 4);
            int doff = rest[0] & 0xff;
            int channel = ((rest[2] & 0xff) << 8) | (rest[3] & 0xff);
            if (size == doff * 4) {
                continue;
            }
            ByteBuf body = Unpooled.wrappedBuffer(rest, doff * 4 - 4, size - doff * 4);
            Object performative = decoder.readObject(body);
            return new Frame(channel, performative, ByteBufUtil.getBytes(body));
        }
    }

    /** Reads frames until one of {@code type} comes; fails on end of stream first. */
    <T> T readUntil(Class<T> type) throws IOException {
        while (true) {
            Frame f = read();
            if (type.isInstance(f.performative())) {
                return type.cast(f.performative());
            }
        }
    }

    /** Reads until the broker's close, then expects the socket to be closed after it. */
    Close awaitClose() throws IOException {
        Close close = readUntil(Close.class);
        awaitEndOfStream();
        return close;
    }

    /** Expects the broker to close the socket (with nothing more than frames before it). */
    void awaitEndOfStream() throws IOException {
        byte[] chunk = new byte[64 * 1024];
        try {
            while (in.read(chunk) >= 0) {
                // drain whatever precedes the end
            }
        } catch (SocketException e) {
            // a reset is an end too
        }
    }

    /** True when bytes from the broker wait in this socket, unread (nothing is read to find out). */
    boolean hasUnreadBytes() {
        try {
            return in.available() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when the broker has closed the socket: a read finds the end of the stream. */
    boolean atEndOfStream() throws IOException {
        try {
            return in.read() < 0;
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
