package io.ferrymq.store;

/**
 * The kinds of journal record and their one-byte codes (docs/store.md, "Records"). Code 0 is never used, so a
 * zero-filled header reads as "no record here".
 */
enum RecordType {
    ADD_MESSAGE(1),
    REMOVE_MESSAGE(2),
    DELIVERY_COUNT(3),
    QUEUE_CREATED(4),
    QUEUE_DELETED(5),
    SUBSCRIPTION_CREATED(6),
    SUBSCRIPTION_DELETED(7),
    TX_ADD_MESSAGE(8),
    TX_REMOVE_MESSAGE(9),
    TX_PREPARE(10),
    TX_COMMIT(11),
    TX_ROLLBACK(12),
    /**
     * The last record of a segment the writer has moved on from (payload: the next segment's file id). Recovery
     * stops reading the file there: what follows may be records of the file's earlier use, if it was recycled.
     */
    SEGMENT_END(13);

    private static final RecordType[] BY_CODE = new RecordType[256];

    static {
        for (RecordType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    final byte code;

    RecordType(int code) {
        this.code = (byte) code;
    }

    /** The type with this code, or null when the code is unknown. */
    static RecordType of(int code) {
        return BY_CODE[code & 0xff];
    }

    boolean isTransactional() {
        return this == TX_ADD_MESSAGE
                || this == TX_REMOVE_MESSAGE
                || this == TX_PREPARE
                || this == TX_COMMIT
                || this == TX_ROLLBACK;
    }

    /**
     * Records that add data (messages, queues, subscriptions). They may not take the journal's last segment of room:
     * that stays for the records that let space be freed, such as removes (see {@link SegmentAllocator#take}).
     */
    boolean addsData() {
        return this == ADD_MESSAGE || this == TX_ADD_MESSAGE || this == QUEUE_CREATED || this == SUBSCRIPTION_CREATED;
    }

    boolean isEntityCreate() {
        return this == QUEUE_CREATED || this == SUBSCRIPTION_CREATED;
    }

    boolean isEntityDelete() {
        return this == QUEUE_DELETED || this == SUBSCRIPTION_DELETED;
    }
}
