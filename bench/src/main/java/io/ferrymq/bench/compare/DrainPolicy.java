package io.ferrymq.bench.compare;

/**
 * When the drain after a run ends: once every expected delivery has arrived (unless {@code waitForAll} is false, as
 * against the sink, whose supply never ends), after {@code quietMillis} with nothing new, or after {@code maxMillis}.
 */
record DrainPolicy(boolean waitForAll, long quietMillis, long maxMillis) {
    /** How a drain ended. */
    enum End {
        ALL_RECEIVED,
        QUIET,
        CUT,
        NOT_WAITED
    }

    End decide(long expected, long received, long quietFor, long drainingFor) {
        if (!waitForAll) {
            return End.NOT_WAITED;
        }
        if (received >= expected) {
            return End.ALL_RECEIVED;
        }
        if (quietFor >= quietMillis) {
            return End.QUIET;
        }
        return drainingFor >= maxMillis ? End.CUT : null;
    }
}
