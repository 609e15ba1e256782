package io.ferrymq.store;

import java.nio.file.Path;

/** Child process main: opens a store, says so, and holds it until its standard input closes. */
public final class LockHolder {
    private LockHolder() {}

    public static void main(String[] args) throws Exception {
        try (Store s = Store.open(
                Path.of(args[0]), StoreOptions.builder().segmentSize(64 * 1024).build())) {
            System.out.println("OPEN " + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the lock until the parent closes our input (or kills us)
            }
        }
    }
}
