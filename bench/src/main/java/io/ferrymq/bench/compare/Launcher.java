package io.ferrymq.bench.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How child JVMs are started: the same {@code java} as this one, this JVM's class path for the harness's own mains,
 * and the Ferry command's jar.
 *
 * @param java the java binary
 * @param classPath the class path holding the harness (bench/target/benchmarks.jar when run by bench/compare)
 * @param ferryJar cli/target/ferry.jar
 */
record Launcher(Path java, String classPath, Path ferryJar) {
    /** JVM flags every child gets, brokers and clients alike. */
    static final List<String> COMMON_FLAGS = List.of(
            "-XX:+UseG1GC",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            // Netty turns Unsafe off by default on Java 24+; Artemis's NIO journal needs it to free direct buffers.
            // Both brokers get the same Netty settings.
            "-Dio.netty.noUnsafe=false");

    static Launcher current(Path ferryJar) {
        return new Launcher(
                Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path"),
                ferryJar);
    }

    /** {@code java -Xmx<heap> <common flags> -cp <class path> <main> <args>}. */
    List<String> main(String heap, Class<?> main, List<String> args) {
        List<String> cmd = jvm(heap);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(main.getName());
        cmd.addAll(args);
        return cmd;
    }

    /** {@code java -Xmx<heap> <common flags> -jar ferry.jar <args>}. */
    List<String> ferry(String heap, List<String> args) {
        List<String> cmd = jvm(heap);
        cmd.add("-jar");
        cmd.add(ferryJar.toString());
        cmd.addAll(args);
        return cmd;
    }

    private List<String> jvm(String heap) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.add("-Xmx" + heap);
        cmd.addAll(COMMON_FLAGS);
        return cmd;
    }
}
