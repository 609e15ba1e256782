package io.ferrymq.codec.messaging;

/** The lifetime of a dynamically created node ({@code messaging.xml#doc-node-properties}). */
public interface LifetimePolicy {}
