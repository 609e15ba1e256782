package io.ferrymq.client;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocking waits on the client's futures, each with a timeout, failing with the client's exceptions. */
final class Futures {
    private Futures() {}

    static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new ClientTimeoutException(what + " did not complete within " + describe(timeout));
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (CancellationException e) {
            throw new ClientException(what + " was cancelled", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(what + " was interrupted", e);
        }
    }

    static ClientException rethrow(Throwable cause) {
        if (cause instanceof ClientException ce) {
            return ce;
        }
        return new ClientException(String.valueOf(cause.getMessage()), cause);
    }

    static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
