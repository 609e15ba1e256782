package io.ferrymq.bench.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's CPU time so far (utime + stime from {@code /proc/PID/stat}) and its peak resident set (VmHWM from
 * {@code /proc/PID/status}). Linux only.
 */
record ProcStats(double cpuSeconds, long peakRssBytes) {
    private static final double TICKS_PER_SECOND = ticksPerSecond();

    static ProcStats read(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +", -1);
        // f[0] is field 3 (state); utime and stime are fields 14 and 15.
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        long hwmKb = 0;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                hwmKb = Long.parseLong(line.substring(6).replace("kB", "").trim());
            }
        }
        return new ProcStats(ticks / TICKS_PER_SECOND, hwmKb * 1024);
    }

    private static double ticksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return Double.parseDouble(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
