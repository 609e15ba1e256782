package io.ferrymq.testsupport.amqp;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The messages kept for one address, oldest first, as the bytes they came as. Connections on different event loops
 * share it, so it locks; each consumer is woken (on the thread that offers) when messages arrive.
 */
final class AddressQueue {
    private final String address;
    private final int capacity;
    private final ArrayDeque<byte[]> messages = new ArrayDeque<>();
    private final List<Runnable> consumers = new CopyOnWriteArrayList<>();

    AddressQueue(String address, int capacity) {
        this.address = address;
        this.capacity = capacity;
    }

    String address() {
        return address;
    }

    /** Keeps {@code message}; false when the address holds its capacity already. */
    boolean offer(byte[] message) {
        synchronized (messages) {
            if (messages.size() >= capacity) {
                return false;
            }
            messages.addLast(message);
        }
        wakeConsumers();
        return true;
    }

    /** Takes the oldest message, or returns null when there is none. */
    byte[] poll() {
        synchronized (messages) {
            return messages.pollFirst();
        }
    }

    /** Puts messages handed out but not consumed back ahead of the rest, in their order. */
    void requeue(List<byte[]> returned) {
        if (returned.isEmpty()) {
            return;
        }
        synchronized (messages) {
            for (int i = returned.size() - 1; i >= 0; i--) {
                messages.addFirst(returned.get(i));
            }
        }
        wakeConsumers();
    }

    int size() {
        synchronized (messages) {
            return messages.size();
        }
    }

    void addConsumer(Runnable wake) {
        consumers.add(wake);
    }

    void removeConsumer(Runnable wake) {
        consumers.remove(wake);
    }

    private void wakeConsumers() {
        for (Runnable wake : consumers) {
            wake.run();
        }
    }
}
