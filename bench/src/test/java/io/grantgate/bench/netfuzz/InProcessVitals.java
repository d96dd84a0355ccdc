package io.grantgate.bench.netfuzz;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.grantgate.ops.GatewayRuntime;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * The vitals of a gateway running in the test's own JVM: its pool and connection counts from the
 * runtime, heap and threads from the JVM (which the test's threads share: they have ended by the end
 * sample), and every ERROR the gateway's classes log from the moment this is made.
 */
final class InProcessVitals implements GatewayVitals, AutoCloseable {

    private static final int GC_ROUNDS = 2;

    private final GatewayRuntime runtime;
    private final Logger gatewayLog = (Logger) LoggerFactory.getLogger("io.grantgate");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    InProcessVitals(GatewayRuntime runtime) {
        this.runtime = runtime;
        logged.start();
        gatewayLog.addAppender(logged);
    }

    @Override
    public boolean alive() {
        return runtime.port() > 0;
    }

    @Override
    public Vitals sample() {
        for (int i = 0; i < GC_ROUNDS; i++) {
            System.gc();
        }
        return new Vitals(
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                ManagementFactory.getThreadMXBean().getThreadCount(),
                openFiles(),
                runtime.backendPool().active(),
                runtime.backendPool().idle(),
                runtime.connections());
    }

    @Override
    public List<String> errorLines(int limit) {
        synchronized (logged.list) {
            return logged.list.stream()
                    .filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
                    .limit(limit)
                    .map(event -> event.getLoggerName() + ": " + event.getFormattedMessage()
                            + (event.getThrowableProxy() == null
                                    ? ""
                                    : " (" + event.getThrowableProxy().getClassName() + ": "
                                            + event.getThrowableProxy().getMessage() + ")"))
                    .toList();
        }
    }

    private static int openFiles() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        gatewayLog.detachAppender(logged);
    }
}
