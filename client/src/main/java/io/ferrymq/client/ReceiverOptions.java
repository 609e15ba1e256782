package io.ferrymq.client;

/** Settings of a {@link Receiver} or {@link StreamReceiver}. */
public final class ReceiverOptions {
    private int creditWindow = 100;
    private boolean autoAccept = true;
    private DeliveryMode deliveryMode = DeliveryMode.AT_LEAST_ONCE;
    private String linkName;
    private String selector;
    private boolean browse;
    private String[] sourceCapabilities;
    private boolean durable;
    private boolean shared;

    public int creditWindow() {
        return creditWindow;
    }

    /**
     * How many messages the receiver lets the server send ahead (its prefetch): the receiver
     * keeps the credit topped up as the application takes messages. 0 turns that off: grant
     * credit with {@link Receiver#addCredit}. Default 100.
     */
    public ReceiverOptions creditWindow(int window) {
        if (window < 0) {
            throw new IllegalArgumentException("credit window must not be negative: " + window);
        }
        this.creditWindow = window;
        return this;
    }

    public boolean autoAccept() {
        return autoAccept;
    }

    /** Whether a message is accepted as {@link Receiver#receive} hands it over (the default). */
    public ReceiverOptions autoAccept(boolean autoAccept) {
        this.autoAccept = autoAccept;
        return this;
    }

    public DeliveryMode deliveryMode() {
        return deliveryMode;
    }

    /** At-least-once (the default) or at-most-once (the server sends pre-settled). */
    public ReceiverOptions deliveryMode(DeliveryMode mode) {
        this.deliveryMode = mode;
        return this;
    }

    public String linkName() {
        return linkName;
    }

    /** The link's name; for a durable subscription, the subscription's name. */
    public ReceiverOptions linkName(String name) {
        this.linkName = name;
        return this;
    }

    public String selector() {
        return selector;
    }

    /** Only messages matching this JMS-style selector ({@code apache.org:selector-filter:string}). */
    public ReceiverOptions selector(String selector) {
        this.selector = selector;
        return this;
    }

    public boolean browse() {
        return browse;
    }

    /** Look at the messages without taking them (distribution-mode copy). */
    public ReceiverOptions browse(boolean browse) {
        this.browse = browse;
        return this;
    }

    public String[] sourceCapabilities() {
        return sourceCapabilities;
    }

    /** Capabilities of the source, for example "queue" or "topic". */
    public ReceiverOptions sourceCapabilities(String... capabilities) {
        this.sourceCapabilities = capabilities;
        return this;
    }

    public boolean durable() {
        return durable;
    }

    /** A durable subscription: the source survives the link and the server's restart (see {@link Connection#openDurableReceiver}). */
    public ReceiverOptions durable(boolean durable) {
        this.durable = durable;
        return this;
    }

    public boolean shared() {
        return shared;
    }

    /** A shared subscription: links of the same name, from any connection, share its messages. */
    public ReceiverOptions shared(boolean shared) {
        this.shared = shared;
        return this;
    }

    /** A copy, independent of this one: a receiver keeps its own. */
    public ReceiverOptions copy() {
        ReceiverOptions c = new ReceiverOptions();
        c.creditWindow = creditWindow;
        c.autoAccept = autoAccept;
        c.deliveryMode = deliveryMode;
        c.linkName = linkName;
        c.selector = selector;
        c.browse = browse;
        c.sourceCapabilities = sourceCapabilities == null ? null : sourceCapabilities.clone();
        c.durable = durable;
        c.shared = shared;
        return c;
    }
}
