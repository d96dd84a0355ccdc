package io.grantgate.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grantgate.account.MasterKey;
import io.grantgate.audit.AuditFiles;
import io.grantgate.audit.AuditKey;
import io.grantgate.audit.AuditVerification;
import io.grantgate.audit.AuditVerifier;
import io.grantgate.audit.ChainHead;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A gateway's audit directory ({@code <data dir>/audit}) as the tests read it: the records of its
 * files in the trail's order, complete lines only (a gateway killed mid-write may leave a partial
 * last line), and the verifier's verdict.
 */
final class AuditDirectory {

    private static final ObjectMapper JSON = new ObjectMapper();

    final Path directory;
    final Path currentFile;

    AuditDirectory(Path dataDir) {
        this.directory = dataDir.resolve("audit");
        this.currentFile = directory.resolve("audit.jsonl");
    }

    /** Every complete record now, in the trail's order. */
    List<JsonNode> records() throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (Path file : AuditFiles.of(currentFile)) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n') + 1;
            for (String line : text.substring(0, end).split("\n")) {
                if (!line.isEmpty()) {
                    records.add(JSON.readTree(line));
                }
            }
        }
        return records;
    }

    /** Bytes after the current file's last newline: a line cut short. */
    long partialBytes() throws IOException {
        byte[] bytes = Files.readAllBytes(currentFile);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        return bytes.length - end;
    }

    long size() throws IOException {
        return Files.size(currentFile);
    }

    /** The texts of the {@code statement} records (queries). */
    static Set<String> statementTexts(List<JsonNode> records) {
        return records.stream()
                .filter(r -> r.path("type").asText().equals("statement"))
                .map(r -> r.path("text").asText())
                .collect(Collectors.toSet());
    }

    static long lastSeq(List<JsonNode> records) {
        return records.isEmpty() ? 0 : records.getLast().path("seq").asLong();
    }

    AuditVerification verify(MasterKey masterKey, Optional<ChainHead> checkpoint) throws IOException {
        return AuditVerifier.verify(List.of(directory), AuditKey.derive(masterKey), checkpoint);
    }
}
