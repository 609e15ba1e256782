package io.ferrymq.broker;

/** The broker's version, as told to clients in the open's properties. */
public final class BrokerVersion {
    private BrokerVersion() {}

    public static final String VERSION = "0.1.0";
}
