package io.ferrymq.bench.compare;

/**
 * What the client processes of one run reported, merged.
 *
 * @param result their counts, summed
 * @param expected the deliveries the consumers should have received in all
 * @param drain how the drain after the window ended
 */
record ClientRun(LoadResult result, long expected, DrainPolicy.End drain) {
    /** Deliveries that never arrived, when the drain waited long enough to say so. */
    long missing() {
        return drain == DrainPolicy.End.QUIET ? Math.max(0, expected - result.received()) : 0;
    }
}
