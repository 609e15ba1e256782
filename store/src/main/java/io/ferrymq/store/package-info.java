/**
 * The durable journal under the Ferry broker.
 *
 * <p>{@link io.ferrymq.store.Store#open Store.open} takes the data directory's lock file, recovers the journal
 * and exposes what survived ({@link io.ferrymq.store.RecoveredState}); appends return futures completed once the
 * record is durable under the configured {@link io.ferrymq.store.SyncPolicy}; message bodies can be dropped from
 * memory and read back by id ({@link io.ferrymq.store.Store#read}, {@link io.ferrymq.store.MessageReader}).
 * The on-disk format, sync policies, recovery, compaction, paging and limits are described in
 * {@code docs/store.md}.
 */
package io.ferrymq.store;
