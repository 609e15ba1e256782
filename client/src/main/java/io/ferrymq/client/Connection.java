package io.ferrymq.client;

import io.netty.channel.EventLoop;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A connection to an AMQP 1.0 server ({@code transport.xml#doc-connections}), made by
 * {@link Client#connect}. It opens in the background; each blocking call waits for it, within
 * the connection's timeouts. With {@link ReconnectOptions reconnect} on, a lost connection is
 * made again (to the same server or the next of the list) and its sessions and links are
 * attached again; {@link ConnectionListener} hears of it.
 *
 * <p>Senders and receivers opened straight on the connection share one session
 * ({@link #defaultSession()}). Thread-safe: every call hands its work to the connection's
 * event loop.
 */
public final class Connection implements AutoCloseable {
    private final Client client;
    private final ConnectionOptions options;
    private final ConnectionDriver driver;
    private volatile Session defaultSession;
    private volatile Sender anonymousSender;

    Connection(Client client, URI uri, ConnectionOptions options, EventLoop loop) {
        this.client = client;
        this.options = options.copy(); // its own: the caller may change theirs
        this.driver = new ConnectionDriver(this, uri, this.options, loop);
    }

    void start() {
        driver.start();
    }

    Client client() {
        return client;
    }

    ConnectionDriver driver() {
        return driver;
    }

    /** A copy of the options this connection was made with (changing it changes nothing here). */
    public ConnectionOptions options() {
        return options.copy();
    }

    /** Completes when the first open arrives from the server, or exceptionally when the connection fails first. */
    public CompletableFuture<Connection> openFuture() {
        return driver.openFuture();
    }

    /** Waits until the connection is open. */
    public Connection awaitOpen(Duration timeout) {
        return Futures.await(openFuture(), timeout, "opening the connection to " + driver.serverName());
    }

    /** True while the connection is open (not connecting, reconnecting, failed or closed). */
    public boolean isOpen() {
        return driver.isOpen();
    }

    /** The server currently (or last) connected to, as {@code host:port}. */
    public String server() {
        return driver.serverName();
    }

    /** The server's container id, once open. */
    public String remoteContainerId() {
        return driver.remoteContainerId();
    }

    /** The properties of the server's open (product, version, ...), once open. */
    public Map<String, Object> remoteProperties() {
        return driver.remoteProperties();
    }

    /** True when the server offered {@code capability} (for example "ANONYMOUS-RELAY") in its open. */
    public boolean remoteOffers(String capability) {
        return driver.remoteOffers(capability);
    }

    // ------------------------------------------------------------------ sessions

    /** The session that senders and receivers opened on the connection use. */
    public Session defaultSession() {
        Session s = defaultSession;
        if (s == null) {
            synchronized (this) {
                s = defaultSession;
                if (s == null) {
                    s = openSession(new SessionOptions());
                    defaultSession = s;
                }
            }
        }
        return s;
    }

    /** Begins a new session. */
    public Session openSession() {
        return openSession(new SessionOptions());
    }

    public Session openSession(SessionOptions sessionOptions) {
        Session s = new Session(this, sessionOptions);
        driver.addSession(s);
        return s;
    }

    // ------------------------------------------------------------------ links on the default session

    /** Opens a sender to {@code address} and waits for the server to attach it. */
    public Sender openSender(String address) {
        return defaultSession().openSender(address);
    }

    public Sender openSender(String address, SenderOptions senderOptions) {
        return defaultSession().openSender(address, senderOptions);
    }

    /**
     * Opens a sender with no address: each message names its destination in {@link Message#to()}
     * (the server must offer {@code ANONYMOUS-RELAY}).
     */
    public Sender openAnonymousSender() {
        return defaultSession().openAnonymousSender(new SenderOptions());
    }

    public Sender openAnonymousSender(SenderOptions senderOptions) {
        return defaultSession().openAnonymousSender(senderOptions);
    }

    /** Sends {@code message} to its {@link Message#to()} address through the connection's anonymous sender. */
    public Tracker send(Message<?> message) {
        Sender s = anonymousSender;
        if (s == null) {
            synchronized (this) {
                s = anonymousSender;
                if (s == null) {
                    s = openAnonymousSender();
                    anonymousSender = s;
                }
            }
        }
        return s.send(message);
    }

    /** Opens a receiver from {@code address} and waits for the server to attach it. */
    public Receiver openReceiver(String address) {
        return defaultSession().openReceiver(address);
    }

    public Receiver openReceiver(String address, ReceiverOptions receiverOptions) {
        return defaultSession().openReceiver(address, receiverOptions);
    }

    /** Opens a receiver from a temporary queue the server makes for it; {@link Receiver#address()} names it. */
    public Receiver openDynamicReceiver() {
        return defaultSession().openDynamicReceiver(new ReceiverOptions());
    }

    public Receiver openDynamicReceiver(ReceiverOptions receiverOptions) {
        return defaultSession().openDynamicReceiver(receiverOptions);
    }

    /**
     * Opens (or resumes) the durable subscription {@code subscription} to the topic
     * {@code address}: messages published while no receiver is attached are kept for it.
     */
    public Receiver openDurableReceiver(String address, String subscription) {
        return defaultSession().openDurableReceiver(address, subscription, new ReceiverOptions());
    }

    public Receiver openDurableReceiver(String address, String subscription, ReceiverOptions receiverOptions) {
        return defaultSession().openDurableReceiver(address, subscription, receiverOptions);
    }

    /** Opens a sender of messages written as streams (for messages larger than memory). */
    public StreamSender openStreamSender(String address) {
        return defaultSession().openStreamSender(address, new SenderOptions());
    }

    public StreamSender openStreamSender(String address, SenderOptions senderOptions) {
        return defaultSession().openStreamSender(address, senderOptions);
    }

    /** Opens a receiver of messages read as streams. */
    public StreamReceiver openStreamReceiver(String address) {
        return defaultSession().openStreamReceiver(address, new ReceiverOptions());
    }

    public StreamReceiver openStreamReceiver(String address, ReceiverOptions receiverOptions) {
        return defaultSession().openStreamReceiver(address, receiverOptions);
    }

    // ------------------------------------------------------------------ closing

    /** Closes the connection; completes when the server has answered (or the close timeout passed). */
    public CompletableFuture<Connection> closeAsync() {
        return driver.close();
    }

    /** Closes the connection and waits for the server's answer, at most the close timeout. */
    @Override
    public void close() {
        try {
            Futures.await(closeAsync(), options.closeTimeout().plusSeconds(1), "closing the connection");
        } finally {
            client.closed(this);
        }
    }

    @Override
    public String toString() {
        return "Connection{" + driver.serverName() + ", " + driver.state() + "}";
    }
}
