package io.grantgate.bench.netfuzz;

import java.io.IOException;

/** Where the fuzzer reads the gateway's state: a separate process, or a gateway in the same JVM (the test). */
public interface GatewayVitals {

    /** Whether the gateway still runs. */
    boolean alive();

    /** The state after a full GC. */
    Vitals sample() throws IOException, InterruptedException;

    /** The gateway's ERROR log lines so far, at most {@code limit} of them. */
    java.util.List<String> errorLines(int limit) throws IOException;
}
