package io.grantgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's CPU time so far, user plus system, all threads: fields 14 and 15 of {@code
 * /proc/<pid>/stat}, in clock ticks, as bench/run.sh reads them for its other rows.
 */
record ProcessCpu(long pid, long ticksPerSecond) {

    /** CPU seconds used so far, or NaN when the process (or /proc) is not there. */
    double seconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name, in parentheses, may hold spaces: count fields after its closing one
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(fields[11]);
            long stime = Long.parseLong(fields[12]);
            return (double) (utime + stime) / ticksPerSecond;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
