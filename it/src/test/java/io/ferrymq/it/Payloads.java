package io.ferrymq.it;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** The messages of the exchange: many small numbered ones and one large one. */
final class Payloads {
    /** Small messages each client sends and receives back. */
    static final int COUNT = 10_000;
    /** Bytes in a small message's body. */
    static final int SMALL_SIZE = 100;
    /** Bytes in the large message's body: far more than any frame, so it spans many. */
    static final int LARGE_SIZE = 10 * 1024 * 1024;

    private Payloads() {}

    /** The body of small message {@code i}: its index, then a pattern made from it. */
    static byte[] small(int i) {
        byte[] b = new byte[SMALL_SIZE];
        b[0] = (byte) (i >>> 24);
        b[1] = (byte) (i >>> 16);
        b[2] = (byte) (i >>> 8);
        b[3] = (byte) i;
        for (int k = 4; k < SMALL_SIZE; k++) {
            b[k] = (byte) (i * 31 + k);
        }
        return b;
    }

    /** The body of the large message: pseudo-random, so no bytes repeat in a pattern. */
    static byte[] large() {
        byte[] b = new byte[LARGE_SIZE];
        new SplittableRandom(20240611).nextBytes(b);
        return b;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
