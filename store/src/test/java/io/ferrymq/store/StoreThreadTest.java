package io.ferrymq.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The runner every store thread uses: rounds until done, one way to die, a bounded and repeatable join. */
class StoreThreadTest {
    private final StoreFailure storeFailure = new StoreFailure("/data/test");

    @Test
    void roundsRunUntilTheWorkSaysItIsDoneAndTheStoreStaysHealthy() throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        StoreThread t = new StoreThread(
                "ferry-test-rounds",
                true,
                new StoreThread.Work() {
                    @Override
                    public boolean doWork() {
                        return rounds.incrementAndGet() < 5;
                    }

                    @Override
                    public void fail(StoreIOException error) {
                        throw new AssertionError("not failed");
                    }
                },
                storeFailure);
        t.start();
        assertThat(t.join(Duration.ofSeconds(10))).isTrue();
        assertThat(rounds).hasValue(5);
        assertThat(storeFailure.failure()).isNull();
    }

    @Test
    void anErrorInARoundMarksTheStoreFailedAndTheWorkFailsWhatItHoldsOnItsOwnThread() throws Exception {
        AtomicReference<String> failedOn = new AtomicReference<>();
        AtomicReference<StoreIOException> failedWith = new AtomicReference<>();
        StoreThread t = new StoreThread(
                "ferry-test-dies",
                true,
                new StoreThread.Work() {
                    @Override
                    public boolean doWork() {
                        throw new OutOfMemoryError("Java heap space");
                    }

                    @Override
                    public void fail(StoreIOException error) {
                        failedOn.set(Thread.currentThread().getName());
                        failedWith.set(error);
                    }
                },
                storeFailure);
        t.start();
        assertThat(t.join(Duration.ofSeconds(10))).isTrue();
        assertThat(failedOn).hasValue("ferry-test-dies");
        assertThat(failedWith.get()).isSameAs(storeFailure.failure());
        assertThat(storeFailure.failure().getMessage())
                .contains("/data/test", "ferry-test-dies", "OutOfMemoryError", "refused until the broker restarts");
        assertThat(storeFailure.failure().getCause()).isInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void theFirstDeathIsTheStoresFailureAndALaterOneDoesNotReplaceIt() throws Exception {
        StoreThread first = dying("ferry-test-first", new IllegalStateException("first"));
        first.start();
        assertThat(first.join(Duration.ofSeconds(10))).isTrue();
        StoreThread second = dying("ferry-test-second", new IllegalStateException("second"));
        second.start();
        assertThat(second.join(Duration.ofSeconds(10))).isTrue();
        assertThat(storeFailure.failure().getMessage())
                .contains("ferry-test-first")
                .doesNotContain("second");
    }

    @Test
    void anInterruptedRoundIsADeathToo() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicInteger failures = new AtomicInteger();
        StoreThread t = new StoreThread(
                "ferry-test-interrupted",
                true,
                new StoreThread.Work() {
                    @Override
                    public boolean doWork() throws InterruptedException {
                        waiting.countDown();
                        Thread.sleep(60_000);
                        return true;
                    }

                    @Override
                    public void fail(StoreIOException error) {
                        failures.incrementAndGet();
                    }
                },
                storeFailure);
        t.start();
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
        Thread victim = Thread.getAllStackTraces().keySet().stream()
                .filter(x -> x.getName().equals("ferry-test-interrupted"))
                .findFirst()
                .orElseThrow();
        victim.interrupt();
        assertThat(t.join(Duration.ofSeconds(10))).isTrue();
        assertThat(failures).hasValue(1);
        assertThat(storeFailure.failure().getCause()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void joinWaitsABoundedTimeForAStuckThreadAndCanBeRepeated() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        StoreThread t = new StoreThread(
                "ferry-test-stuck",
                true,
                new StoreThread.Work() {
                    @Override
                    public boolean doWork() throws InterruptedException {
                        release.await();
                        return false;
                    }

                    @Override
                    public void fail(StoreIOException error) {}
                },
                storeFailure);
        assertThat(t.join(Duration.ofMillis(1)))
                .as("never started: nothing to wait for")
                .isTrue();
        t.start();
        long start = System.nanoTime();
        assertThat(t.join(Duration.ofMillis(200))).as("still running").isFalse();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        release.countDown();
        assertThat(t.join(Duration.ofSeconds(10))).isTrue();
        assertThat(t.join(Duration.ofSeconds(10))).isTrue();
        assertThat(storeFailure.failure()).isNull();
    }

    private StoreThread dying(String name, RuntimeException e) {
        return new StoreThread(
                name,
                true,
                new StoreThread.Work() {
                    @Override
                    public boolean doWork() {
                        throw e;
                    }

                    @Override
                    public void fail(StoreIOException error) {}
                },
                storeFailure);
    }
}
