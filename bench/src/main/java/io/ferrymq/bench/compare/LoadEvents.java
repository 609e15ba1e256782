package io.ferrymq.bench.compare;

/** How a {@link LoadRun} reports its progress, and learns when to stop draining. */
interface LoadEvents {
    /** A phase boundary: "window-start", "window-end", "produce-start", "produce-end", "consume-start", ... */
    void mark(String phase);

    /** This process's producers have stopped and heard every outcome; {@code expected} deliveries should follow. */
    void producersDone(long expected);

    /** Asked every few milliseconds while draining, with the deliveries received so far; true ends the drain. */
    boolean drained(long received);
}
