package io.ferrymq.testsupport;

import java.util.concurrent.TimeUnit;

/** How the processes a test started end when the test is done with them. */
final class Processes {
    private static final long DEATH_TIMEOUT_SECONDS = 30;

    private Processes() {}

    /**
     * SIGKILL if it still runs, then a wait for it to be gone: for a {@code close()}, which fails nothing (an interrupt
     * ends the wait, and stays set).
     */
    static void killIfAlive(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(DEATH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
