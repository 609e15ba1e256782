package io.ferrymq.it.server;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The messages kept for one address, oldest first, as the bytes they arrived as. Several
 * connections (each on its own event loop) share it, so it locks; consumers waiting for
 * messages are woken on their own event loops when one arrives.
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

    /** Keeps {@code message}; false when the address already holds its capacity. */
    boolean offer(byte[] message) {
        synchronized (messages) {
            if (messages.size() >= capacity) {
                return false;
            }
            messages.addLast(message);
        }
        for (Runnable wake : consumers) {
            wake.run();
        }
        return true;
    }

    /** The oldest message, taken off the queue, or null when there is none. */
    byte[] poll() {
        synchronized (messages) {
            return messages.pollFirst();
        }
    }

    /** Puts back messages handed out but not consumed, ahead of the rest, in their order. */
    void requeue(List<byte[]> returned) {
        if (returned.isEmpty()) {
            return;
        }
        synchronized (messages) {
            for (int i = returned.size() - 1; i >= 0; i--) {
                messages.addFirst(returned.get(i));
            }
        }
        for (Runnable wake : consumers) {
            wake.run();
        }
    }

    int size() {
        synchronized (messages) {
            return messages.size();
        }
    }

    /** {@code wake} runs (on the offering thread) each time messages arrive. */
    void addConsumer(Runnable wake) {
        consumers.add(wake);
    }

    void removeConsumer(Runnable wake) {
        consumers.remove(wake);
    }
}
