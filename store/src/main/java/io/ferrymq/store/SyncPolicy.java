package io.ferrymq.store;

/**
 * When the writer forces the journal to disk, and so when an append's future completes. See docs/store.md, "Sync
 * policies".
 */
public enum SyncPolicy {
    /**
     * Force after every batch that holds an awaited append, then complete the batch: an append completes only once
     * it is on disk. The default; what a durable message needs before it is settled to its producer.
     */
    ALWAYS,
    /**
     * Force at most once per {@link StoreOptions#syncInterval()}; appends still complete only after the force that
     * covers them. Nothing acknowledged is lost; acknowledgements wait up to the interval, in exchange for fewer,
     * larger forces.
     */
    INTERVAL,
    /**
     * Never force (except when a segment is sealed and on close); appends complete once written to the operating
     * system. Survives a crash of the process, not of the machine: for tests and users who accept loss.
     */
    NEVER
}
