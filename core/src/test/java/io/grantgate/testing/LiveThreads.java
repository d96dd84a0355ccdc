package io.grantgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only: the JVM's live threads, virtual ones included, which {@link Thread#getAllStackTraces()}
 * leaves out (the catalog watcher polls on a virtual thread). Read from a JSON thread dump.
 */
public final class LiveThreads {

    /** A live thread: its id is never reused, its name may be. */
    public record Seen(long id, String name) {}

    private LiveThreads() {}

    public static List<Seen> now() throws IOException {
        Path directory = Files.createTempDirectory("threads");
        Path dump = directory.resolve("dump.json");
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            List<Seen> threads = new ArrayList<>();
            for (JsonNode container : new ObjectMapper()
                    .readTree(dump.toFile())
                    .path("threadDump")
                    .path("threadContainers")) {
                for (JsonNode thread : container.path("threads")) {
                    threads.add(new Seen(
                            thread.path("tid").asLong(), thread.path("name").asText()));
                }
            }
            return threads;
        } finally {
            Files.deleteIfExists(dump);
            Files.delete(directory);
        }
    }
}
