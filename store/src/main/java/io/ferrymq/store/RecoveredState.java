package io.ferrymq.store;

import java.util.List;

/**
 * What {@link Store#open} found in the data directory: everything durable, in journal order. Message bodies are not
 * loaded; read them with {@link Store#read(long)} or a {@link MessageReader} when needed.
 *
 * @param queues               durable queues in creation order, each with its messages in enqueue order
 * @param subscriptions        durable subscriptions in creation order
 * @param preparedTransactions transactions prepared and not yet decided
 * @param damage               unreadable bytes found: torn tails (truncated) and damaged records (reported, skipped)
 * @param highestMessageId     the highest message id seen on disk ({@code 0} if none)
 */
public record RecoveredState(
        List<RecoveredQueue> queues,
        List<RecoveredSubscription> subscriptions,
        List<PreparedTransaction> preparedTransactions,
        List<JournalDamage> damage,
        long highestMessageId) {
    /** The recovered queue with this id, or null. */
    public RecoveredQueue queue(long queueId) {
        for (RecoveredQueue q : queues) {
            if (q.queueId() == queueId) {
                return q;
            }
        }
        return null;
    }
}
