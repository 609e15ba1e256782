package io.ferrymq.store;

import java.io.IOException;

/**
 * The journal lost records that nothing can restore (segment files missing or unreadable), and the store was not told
 * to open without them ({@link StoreOptions#acceptJournalDamage()}). The message names the files and what to do.
 */
public final class JournalDamagedException extends IOException {
    private static final long serialVersionUID = 1L;

    public JournalDamagedException(String message) {
        super(message);
    }
}
