package io.grantgate.bench.netfuzz;

/**
 * The gateway's state at one moment, taken after a full GC.
 *
 * @param heapUsedBytes heap in use after the GC
 * @param threads the process's threads (platform threads: the OS's count)
 * @param openFiles open file descriptors, or -1 when unknown
 * @param borrowedBackendConnections backend connections lent to sessions
 * @param idleBackendConnections backend connections idle in the pool
 * @param connections the gateway's open client connections
 */
public record Vitals(
        long heapUsedBytes,
        int threads,
        int openFiles,
        int borrowedBackendConnections,
        int idleBackendConnections,
        int connections) {

    static final long MIB = 1024 * 1024;

    String describe() {
        return String.format(
                "heap after GC %.1f MiB, %d threads, %s open files, backend connections %d borrowed / %d idle, %d client connections",
                heapUsedBytes / (double) MIB,
                threads,
                openFiles < 0 ? "?" : String.valueOf(openFiles),
                borrowedBackendConnections,
                idleBackendConnections,
                connections);
    }
}
