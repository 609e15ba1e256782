package io.ferrymq.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.engine.EngineOptions;
import io.ferrymq.engine.sasl.InMemoryUserStore;
import io.ferrymq.engine.sasl.SaslCredentials;
import io.ferrymq.engine.sasl.StandardAuthenticator;
import io.netty.channel.EventLoopGroup;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engines over real loopback sockets: TCP, TLS both ways, WebSocket, and the protections. */
class TransportTest {
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        group = Transports.group(2, "transport-test");
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }

    private void roundTrip(
            ListenerOptions listen,
            ConnectOptions connect,
            EngineOptions clientEngine,
            EngineOptions serverEngine,
            String expectedKind)
            throws Exception {
        EchoServerApp server = new EchoServerApp();
        try (AmqpListener listener = AmqpListener.start(listen.port(0), group, group, server.factory(serverEngine))) {
            connect.port(listener.port());
            ClientApp client = ClientApp.connect(connect, clientEngine, group);
            client.send("hello over " + expectedKind);
            await(() -> client.settled == 1, "the message to be settled");
            assertThat(server.payloads).containsExactly("hello over " + expectedKind);
            assertThat(server.contexts.get(0).kind()).isEqualTo(expectedKind);
            assertThat(client.context.kind()).isEqualTo(expectedKind);
            client.context.close();
        }
    }

    @Test
    void plainTcp() throws Exception {
        roundTrip(new ListenerOptions(), new ConnectOptions(), new EngineOptions(), new EngineOptions(), "tcp");
    }

    @Test
    void tlsDirectlyAndAfterTheAmqpTlsHeaderOnOnePort(@TempDir Path dir) throws Exception {
        TestCertificates certs = new TestCertificates(dir);
        ListenerOptions listen = new ListenerOptions().tls(certs.serverTls()).allowPlain(false);
        roundTrip(
                listen,
                new ConnectOptions().host("localhost").tls(certs.clientTls()),
                new EngineOptions(),
                new EngineOptions(),
                "tls");
        roundTrip(
                listen,
                new ConnectOptions().host("localhost").tls(certs.clientTls()).tlsHeader(true),
                new EngineOptions(),
                new EngineOptions(),
                "amqp-tls");
    }

    @Test
    void clientCertificateAuthenticatesWithSaslExternal(@TempDir Path dir) throws Exception {
        TestCertificates certs = new TestCertificates(dir);
        ListenerOptions listen = new ListenerOptions()
                .tls(certs.serverTls().clientCertificates(TlsOptions.ClientCertificates.REQUIRED))
                .allowPlain(false);
        EngineOptions serverEngine =
                new EngineOptions().authenticator(new StandardAuthenticator(new InMemoryUserStore(), false));
        EngineOptions clientEngine =
                new EngineOptions().credentials(SaslCredentials.anonymous().withExternal());
        EchoServerApp server = new EchoServerApp();
        try (AmqpListener listener = AmqpListener.start(listen.port(0), group, group, server.factory(serverEngine))) {
            ConnectOptions connect = new ConnectOptions()
                    .host("localhost")
                    .port(listener.port())
                    .tls(certs.clientTls().pem(certs.clientCert, certs.clientKey));
            ClientApp client = ClientApp.connect(connect, clientEngine, group);
            client.opened.get(10, TimeUnit.SECONDS);
            ConnectionContext serverSide = server.contexts.get(0);
            assertThat(serverSide.tlsPrincipal()).isEqualTo("CN=client-1,O=Ferry");
            CompletableFutureHolder<String> principal = new CompletableFutureHolder<>();
            serverSide.execute(() -> principal.complete(serverSide.engine().principal()));
            assertThat(principal.get()).isEqualTo("CN=client-1,O=Ferry");
            client.context.close();
        }
    }

    @Test
    void webSocketAndSecureWebSocket(@TempDir Path dir) throws Exception {
        roundTrip(
                new ListenerOptions().webSocketPath("/amqp"),
                new ConnectOptions().webSocketPath("/amqp"),
                new EngineOptions(),
                new EngineOptions(),
                "ws");
        TestCertificates certs = new TestCertificates(dir);
        roundTrip(
                new ListenerOptions().tls(certs.serverTls()).webSocketPath("/amqp"),
                new ConnectOptions().host("localhost").tls(certs.clientTls()).webSocketPath("/amqp"),
                new EngineOptions(),
                new EngineOptions(),
                "wss");
    }

    @Test
    void aPortThatRequiresTlsAnswersPlainClientsWithTheTlsHeader(@TempDir Path dir) throws Exception {
        TestCertificates certs = new TestCertificates(dir);
        EchoServerApp server = new EchoServerApp();
        try (AmqpListener listener = AmqpListener.start(
                        new ListenerOptions().port(0).tls(certs.serverTls()).allowPlain(false),
                        group,
                        group,
                        server.factory(new EngineOptions()));
                Socket socket = new Socket("127.0.0.1", listener.port())) {
            socket.getOutputStream().write(new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0});
            byte[] answer = socket.getInputStream().readNBytes(8);
            assertThat(answer).containsExactly('A', 'M', 'Q', 'P', 2, 1, 0, 0);
            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aConnectionThatNeverOpensIsClosed() throws Exception {
        EchoServerApp server = new EchoServerApp();
        try (AmqpListener listener = AmqpListener.start(
                        new ListenerOptions().port(0).openTimeoutMillis(300),
                        group,
                        group,
                        server.factory(new EngineOptions()));
                Socket socket = new Socket("127.0.0.1", listener.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0});
            InputStream in = socket.getInputStream();
            assertThat(in.readNBytes(8)).containsExactly('A', 'M', 'Q', 'P', 0, 1, 0, 0);
            long start = System.nanoTime();
            assertThat(in.read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void aSilentPeerIsClosedAfterTheIdleTimeout() throws Exception {
        EchoServerApp server = new EchoServerApp();
        try (AmqpListener listener = AmqpListener.start(
                        new ListenerOptions().port(0),
                        group,
                        group,
                        server.factory(new EngineOptions().idleTimeoutMillis(400)));
                Socket socket = new Socket("127.0.0.1", listener.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0});
            out.write(frame(new io.ferrymq.codec.transport.Open().containerId("silent")));
            InputStream in = socket.getInputStream();
            // Read until the server closes: its open, then (after 400 ms of silence) a close.
            byte[] everything = in.readAllBytes();
            String text = new String(everything, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(text).contains("amqp:resource-limit-exceeded");
        }
    }

    @Test
    void aPeerThatDoesNotReadStopsBeingRead() throws Exception {
        EchoServerApp server = new EchoServerApp();
        ListenerOptions listen = new ListenerOptions().port(0).writeWaterMarks(8 * 1024, 16 * 1024);
        try (AmqpListener listener = AmqpListener.start(listen, group, group, server.factory(new EngineOptions()));
                Socket socket = new Socket()) {
            Thread writer = askWithoutReading(socket, listener.port(), "greedy");
            await(() -> !server.contexts.isEmpty() && !server.contexts.get(0).isWritable(), "the server to be full");
            ConnectionContext ctx = server.contexts.get(0);
            // The server stopped reading, so the writer is held up by TCP rather than the server buffering answers:
            // what the server holds is its 16 KiB high watermark and the answers to one round of reads (at most 16
            // reads of 64 KiB), not the answers to everything the writer would send.
            EngineBridge bridge = (EngineBridge) ctx;
            await(
                    () -> {
                        CompletableFutureHolder<Boolean> reading = new CompletableFutureHolder<>();
                        ctx.execute(() -> reading.complete(bridge.reading()));
                        try {
                            return !reading.get();
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    },
                    "the server to stop reading");
            assertThat(-pendingOutput(ctx)).isLessThan(1024 * 1024);
            assertThat(writer.isAlive()).isTrue();
            socket.close();
            writer.join(5000);
        }
    }

    /**
     * A peer whose socket stays full and takes nothing for the unread timeout is disconnected; what waited for it was
     * counted ({@link ConnectionContext#onUnwrittenBytes}) while it waited and is let go when the connection closes.
     */
    @Test
    void aPeerThatReadsNothingIsClosedAfterTheUnreadTimeout() throws Exception {
        EchoServerApp server = new EchoServerApp();
        java.util.List<Long> unwritten = new java.util.concurrent.CopyOnWriteArrayList<>();
        EngineFactory counted = ctx -> {
            ctx.onUnwrittenBytes(unwritten::add);
            return server.factory(new EngineOptions()).create(ctx);
        };
        ListenerOptions listen = new ListenerOptions()
                .port(0)
                .writeWaterMarks(8 * 1024, 16 * 1024)
                .unreadTimeoutMillis(500);
        try (AmqpListener listener = AmqpListener.start(listen, group, group, counted);
                Socket socket = new Socket()) {
            Thread writer = askWithoutReading(socket, listener.port(), "unread");
            await(
                    () -> unwritten.stream().mapToLong(Long::longValue).max().orElse(0) > 16 * 1024,
                    "the server's output to wait unwritten");
            long full = System.nanoTime();
            // Nothing read: the server lets the peer go after the timeout (and at most one more, for a first check
            // that saw the kernel's buffers take some).
            writer.join(10_000);
            assertThat(writer.isAlive())
                    .as("the writer, held up until the server closes")
                    .isFalse();
            long waited = (System.nanoTime() - full) / 1_000_000;
            assertThat(waited).isBetween(400L, 5_000L);
            await(() -> unwritten.get(unwritten.size() - 1) == 0, "the unwritten output to be let go");
        }
    }

    /**
     * The hard bound: an application that makes output whatever {@link ConnectionContext#isWritable()} says (here, an
     * answer to every flow with echo) cannot hold more than the connection's maximum for a peer that does not read;
     * past it the connection is closed (with no unread timeout to do it first).
     */
    @Test
    void aConnectionPastItsUnwrittenBoundIsClosed() throws Exception {
        EchoServerApp server = new EchoServerApp();
        ListenerOptions listen = new ListenerOptions()
                .port(0)
                .writeWaterMarks(8 * 1024, 16 * 1024)
                .unreadTimeoutMillis(0)
                .maxUnwrittenBytes(24 * 1024);
        try (AmqpListener listener = AmqpListener.start(listen, group, group, server.factory(new EngineOptions()));
                Socket socket = new Socket()) {
            openSession(socket, listener.port(), "unbounded");
            byte[] batch = new byte[ECHO.length * 4096];
            for (int i = 0; i < 4096; i++) {
                System.arraycopy(ECHO, 0, batch, i * ECHO.length, ECHO.length);
            }
            // One write of 4,096 flows: read in one go, they make ~150 KiB of answers at once.
            socket.getOutputStream().write(batch);
            await(() -> listener.connectionCount() == 0, "the connection to be closed");
        }
    }

    /**
     * A peer still sending when the server closes its connection with an error gets the close frame, with the reason,
     * and then the end of the stream: the server shuts its output, drops what the peer sends, and closes after. (Closed
     * at once with the peer's bytes unread, the socket was reset, and the peer lost the close frame.)
     */
    @Test
    void aPeerStillSendingReadsTheCloseThatEndsItsConnection() throws Exception {
        EchoServerApp server = new EchoServerApp();
        try (AmqpListener listener = AmqpListener.start(
                        new ListenerOptions().port(0), group, group, server.factory(new EngineOptions()));
                Socket socket = new Socket("127.0.0.1", listener.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0});
            byte[] open = frame(new io.ferrymq.codec.transport.Open().containerId("late"));
            open[7] = 1; // on channel 1: transport.xml, an open on another channel than 0 is an error
            out.write(open);
            Thread writer = new Thread(() -> {
                byte[] heartbeats = new byte[64 * 1024];
                for (int i = 0; i < heartbeats.length; i += 8) {
                    heartbeats[i + 3] = 8;
                    heartbeats[i + 4] = 2;
                }
                try {
                    for (int i = 0; i < 256; i++) {
                        out.write(heartbeats); // 16 MiB of empty frames, sent on after the server's close
                    }
                } catch (java.io.IOException e) {
                    // the server closed
                }
            });
            writer.setDaemon(true);
            writer.start();
            byte[] everything = socket.getInputStream().readAllBytes(); // a reset would throw here
            String text = new String(everything, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(text).contains("amqp:").contains("channel");
            writer.join(10_000);
        }
    }

    /** A session flow with echo: the server answers each with a flow of its own. */
    private static final byte[] ECHO = frame(new io.ferrymq.codec.transport.Flow()
            .nextIncomingId(0)
            .incomingWindow(100)
            .nextOutgoingId(0)
            .outgoingWindow(100)
            .echo(true));

    /** Connects {@code socket} with a small receive buffer, and opens a connection and a session on it. */
    private static void openSession(Socket socket, int port, String containerId) throws java.io.IOException {
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        OutputStream out = socket.getOutputStream();
        out.write(new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0});
        out.write(frame(new io.ferrymq.codec.transport.Open().containerId(containerId)));
        out.write(frame(new io.ferrymq.codec.transport.Begin()
                .nextOutgoingId(0)
                .incomingWindow(100)
                .outgoingWindow(100)));
    }

    /**
     * Opens a session on {@code socket}, then (on a thread of its own, returned) writes flows with echo until the
     * connection closes, never reading the answers.
     */
    private static Thread askWithoutReading(Socket socket, int port, String containerId) throws java.io.IOException {
        openSession(socket, port, containerId);
        OutputStream out = socket.getOutputStream();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 2_000_000; i++) {
                    out.write(ECHO);
                }
            } catch (java.io.IOException e) {
                // closed: by the test or the server
            }
        });
        writer.setDaemon(true);
        writer.start();
        return writer;
    }

    private static long pendingOutput(ConnectionContext ctx) throws Exception {
        CompletableFutureHolder<Long> bytes = new CompletableFutureHolder<>();
        ctx.execute(() -> bytes.complete(
                ((EngineBridge) ctx).bytesBeforeUnwritable() - ctx.engine().pendingOutputBytes()));
        return bytes.get();
    }

    static byte[] frame(io.ferrymq.codec.Encodable body) {
        io.netty.buffer.ByteBuf b = io.netty.buffer.Unpooled.buffer();
        b.writeInt(0).writeByte(2).writeByte(0).writeShort(0);
        body.encode(b);
        b.setInt(0, b.readableBytes());
        return io.netty.buffer.ByteBufUtil.getBytes(b);
    }

    /** A small future that waits with a deadline. */
    static final class CompletableFutureHolder<T> extends java.util.concurrent.CompletableFuture<T> {
        @Override
        public T get() throws InterruptedException, java.util.concurrent.ExecutionException {
            try {
                return super.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("timed out", e);
            }
        }
    }

    /** A plain HTTP request to a WebSocket listener is answered (404 elsewhere, 400 on the AMQP path), not left hanging. */
    @Test
    void plainHttpOnAWebSocketListenerIsAnswered() throws Exception {
        EchoServerApp server = new EchoServerApp();
        try (AmqpListener listener = AmqpListener.start(
                new ListenerOptions().port(0).webSocketPath("/amqp"),
                group,
                group,
                server.factory(new EngineOptions()))) {
            for (String[] c : new String[][] {{"/metrics", "HTTP/1.1 404"}, {"/amqp", "HTTP/1.1 400"}}) {
                try (Socket socket = new Socket("127.0.0.1", listener.port())) {
                    socket.setSoTimeout(5000);
                    socket.getOutputStream()
                            .write(("GET " + c[0] + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    String answer =
                            new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    assertThat(answer).startsWith(c[1]);
                }
            }
            // WebSocket clients are still served.
            roundTrip(
                    new ListenerOptions().webSocketPath("/amqp"),
                    new ConnectOptions().webSocketPath("/amqp"),
                    new EngineOptions(),
                    new EngineOptions(),
                    "ws");
        }
    }

    /**
     * A TLS 1.2 client that asks for a second handshake on an established connection is refused (client-initiated
     * renegotiation costs the server a handshake each time and serves AMQP nothing).
     */
    @Test
    void clientInitiatedRenegotiationIsRefused(@TempDir Path dir) throws Exception {
        TestCertificates certs = new TestCertificates(dir);
        EchoServerApp server = new EchoServerApp();
        try (AmqpListener listener = AmqpListener.start(
                new ListenerOptions().port(0).tls(certs.serverTls()).allowPlain(false),
                group,
                group,
                server.factory(new EngineOptions()))) {
            javax.net.ssl.SSLContext trustAll = javax.net.ssl.SSLContext.getInstance("TLSv1.2");
            trustAll.init(
                    null,
                    new javax.net.ssl.TrustManager[] {
                        new javax.net.ssl.X509TrustManager() {
                            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {}

                            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {}

                            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                                return new java.security.cert.X509Certificate[0];
                            }
                        }
                    },
                    null);
            try (javax.net.ssl.SSLSocket socket =
                    (javax.net.ssl.SSLSocket) trustAll.getSocketFactory().createSocket("127.0.0.1", listener.port())) {
                socket.setEnabledProtocols(new String[] {"TLSv1.2"});
                socket.setSoTimeout(5000);
                socket.startHandshake();
                socket.getOutputStream().write(new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0});
                socket.getOutputStream().flush();
                assertThat(socket.getInputStream().readNBytes(8)).containsExactly('A', 'M', 'Q', 'P', 0, 1, 0, 0);
                boolean refused;
                try {
                    socket.startHandshake(); // a renegotiation
                    socket.getOutputStream().write(new byte[] {0, 0, 0, 8, 2, 0, 0, 0});
                    socket.getOutputStream().flush();
                    refused = socket.getInputStream().read() < 0;
                } catch (java.net.SocketTimeoutException e) {
                    refused = false; // the renegotiation went through and the connection is still there
                } catch (java.io.IOException e) {
                    refused = true; // the handshake failed, or the server closed the connection
                }
                assertThat(refused).as("the renegotiation was refused").isTrue();
            }
        }
    }

    /**
     * Sockets count from accept: one that sends fewer than 8 bytes is closed once the open timeout has passed (it was
     * never closed, nor counted), and past the per-source cap a new socket is closed at once.
     */
    @Test
    void silentSocketsAreCountedFromAcceptAndClosed() throws Exception {
        EchoServerApp server = new EchoServerApp();
        try (AmqpListener listener = AmqpListener.start(
                new ListenerOptions().port(0).openTimeoutMillis(300).maxSocketsPerSource(3),
                group,
                group,
                server.factory(new EngineOptions()))) {
            java.util.List<Socket> silent = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket s = new Socket("127.0.0.1", listener.port());
                    s.setSoTimeout(5000);
                    s.getOutputStream().write(new byte[] {'A', 'M', 'Q'});
                    silent.add(s);
                }
                // Accepted sockets are counted on their own event loops: wait for all three before the fourth.
                await(() -> listener.connectionCount() == 3, "three sockets to be counted");
                try (Socket fourth = new Socket("127.0.0.1", listener.port())) {
                    fourth.setSoTimeout(5000);
                    long start = System.nanoTime();
                    assertThat(fourth.getInputStream().read())
                            .as("closed at once: over the per-source cap")
                            .isEqualTo(-1);
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(250));
                }
                for (Socket s : silent) {
                    long start = System.nanoTime();
                    assertThat(s.getInputStream().read())
                            .as("closed after the open timeout")
                            .isEqualTo(-1);
                    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
                }
            } finally {
                for (Socket s : silent) {
                    s.close();
                }
            }
            // Once they are gone, a good client gets in again.
            try (Socket good = new Socket("127.0.0.1", listener.port())) {
                good.setSoTimeout(5000);
                good.getOutputStream().write(new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0});
                assertThat(good.getInputStream().readNBytes(8)).containsExactly('A', 'M', 'Q', 'P', 0, 1, 0, 0);
            }
        }
    }

    /**
     * A client that does not trust the server's certificate hears why at once ("TLS handshake failed: ... PKIX ..."),
     * instead of waiting out its open timeout with no cause.
     */
    @Test
    void aFailedTlsHandshakeIsReportedAtOnceWithItsReason(@TempDir Path dir) throws Exception {
        TestCertificates certs = new TestCertificates(dir);
        EchoServerApp server = new EchoServerApp();
        try (AmqpListener listener = AmqpListener.start(
                new ListenerOptions().port(0).tls(certs.serverTls()).allowPlain(false),
                group,
                group,
                server.factory(new EngineOptions()))) {
            long start = System.nanoTime();
            ClientApp client = ClientApp.connect(
                    new ConnectOptions().host("localhost").port(listener.port()).tls(new TlsOptions()),
                    new EngineOptions(),
                    group);
            var error = client.failed.get(10, TimeUnit.SECONDS);
            assertThat(error.description()).startsWith("TLS handshake failed: ").containsIgnoringCase("certification");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }
}
