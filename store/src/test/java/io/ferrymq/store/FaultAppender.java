package io.ferrymq.store;

import io.ferrymq.testsupport.ChildOutput;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;

/**
 * Child process main for {@link IoFaultIT}: appends messages 1, 2, 3, ... one at a time until killed, printing
 * {@code A id} for each that completed and {@code F id <exception> <message>} for each that failed
 * ({@link ChildOutput}).
 */
public final class FaultAppender {
    private FaultAppender() {}

    static StoreOptions options() {
        return StoreOptions.builder()
                .segmentSize(1 << 20)
                .syncPolicy(SyncPolicy.ALWAYS)
                .build();
    }

    /** Arguments: data directory, file that receives every line printed. */
    public static void main(String[] args) throws Exception {
        ChildOutput out = new ChildOutput(Path.of(args[1]));
        Store store = Store.open(Path.of(args[0]), options());
        store.createQueue(1, new byte[0]).join();
        out.line("READY " + ProcessHandle.current().pid());
        for (long id = 1; ; id++) {
            try {
                store.addMessage(id, TestData.body(id, 2000), 1).join();
                out.line("A " + id);
            } catch (CompletionException e) {
                out.line("F " + id + " " + e.getCause().getClass().getSimpleName() + " "
                        + e.getCause().getMessage());
            }
        }
    }
}
