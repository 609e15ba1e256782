package io.ferrymq.bench.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a comparison ran on, as one line for the docs. */
final class MachineInfo {
    private MachineInfo() {}

    static String describe(Path dataDir) {
        String model = "unknown CPU";
        String memory = "";
        try {
            model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse(model);
            memory = Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> String.format(", %.0f GiB", Long.parseLong(l.replaceAll("[^0-9]", "")) / (1024.0 * 1024)))
                    .findFirst()
                    .orElse("");
        } catch (IOException | NumberFormatException e) {
            // leave what could not be read out
        }
        String fs = "";
        try {
            fs = ", data on " + Files.getFileStore(dataDir).type() + " ("
                    + Files.getFileStore(dataDir).name() + ")";
        } catch (IOException e) {
            // leave it out
        }
        return String.format(
                "%d cores (`nproc`: %s), %s%s; Linux %s; %s %s (%s)%s",
                Runtime.getRuntime().availableProcessors(),
                nproc(),
                model,
                memory,
                System.getProperty("os.version"),
                System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"),
                System.getProperty("java.vendor"),
                fs);
    }

    private static String nproc() {
        try {
            Process p = new ProcessBuilder("nproc").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return out;
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
