package io.ferrymq.codec.transactions;

import io.ferrymq.codec.Symbol;

/** Error conditions of transactions ({@code transactions.xml#type-transaction-error}). */
public final class TransactionError {
    private TransactionError() {}

    public static final Symbol UNKNOWN_ID = Symbol.valueOf("amqp:transaction:unknown-id");
    public static final Symbol TRANSACTION_ROLLBACK = Symbol.valueOf("amqp:transaction:rollback");
    public static final Symbol TRANSACTION_TIMEOUT = Symbol.valueOf("amqp:transaction:timeout");
}
