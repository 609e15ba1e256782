package io.ferrymq.client;

/** The settlement a link uses ({@code transport.xml#type-sender-settle-mode}). */
public enum DeliveryMode {
    /** Messages are settled when sent: no acknowledgement, no redelivery. */
    AT_MOST_ONCE,
    /** Messages stay unsettled until the receiver gives an outcome; resent after a reconnect. */
    AT_LEAST_ONCE
}
