package io.grantgate.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Writes an {@link AccessFile} as YAML or JSON, and reads either (JSON is read as the YAML it also is). */
enum AccessFileFormat {
    yaml,
    json;

    /** Loaded on first use: other commands start faster without the YAML classes. */
    private static final class Mappers {
        static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                        .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                        .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .build();
        static final ObjectMapper JSON =
                JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    }

    String write(AccessFile file) {
        try {
            return (this == yaml ? Mappers.YAML : Mappers.JSON).writeValueAsString(file);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a file of either format.
     *
     * @throws IllegalArgumentException naming the file, the place and what is wrong there
     */
    static AccessFile read(Path path) throws IOException {
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no access file " + path, e);
        }
        try {
            AccessFile file = Mappers.YAML.readValue(text, AccessFile.class);
            if (file == null) {
                throw new IllegalArgumentException(path + " is empty");
            }
            return file;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")";
            throw new IllegalArgumentException(path + ": " + e.getOriginalMessage() + where, e);
        }
    }
}
