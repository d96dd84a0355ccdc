package io.grantgate.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The records of a gateway's audit file, read as JSON, for the integration tests. */
final class AuditLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditLines() {}

    static Path file(GatewayFixture gateway) {
        return gateway.dataDirectory.resolve("audit").resolve("audit.jsonl");
    }

    /** Every complete record in the file now. */
    static List<JsonNode> read(Path file) {
        List<JsonNode> records = new ArrayList<>();
        if (!Files.exists(file)) {
            return records;
        }
        try {
            String text = Files.readString(file);
            // the writer may be mid-write: a last line without its newline is not a record yet
            for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
                if (!line.isBlank()) {
                    records.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    /** The records matching {@code wanted}, once at least {@code count} are in the file (the writer is asynchronous). */
    static List<JsonNode> await(Path file, Predicate<JsonNode> wanted, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<JsonNode> found;
        do {
            found = read(file).stream().filter(wanted).toList();
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return found;
    }

    static Predicate<JsonNode> of(String type, long connectionId) {
        return r ->
                r.path("type").asText().equals(type) && r.path("connection_id").asLong() == connectionId;
    }
}
