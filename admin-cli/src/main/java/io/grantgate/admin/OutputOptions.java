package io.grantgate.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine.Option;

/** {@code --output table|json}: people read tables, scripts read JSON. */
final class OutputOptions {

    enum Format {
        table,
        json
    }

    /** Jackson is loaded only for JSON output: a table or --help starts faster without it. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    @Option(
            names = {"-o", "--output"},
            defaultValue = "table",
            paramLabel = "FORMAT",
            description = "table (default) or json.")
    private Format format = Format.table;

    boolean json() {
        return format == Format.json;
    }

    /** Prints {@code result} as JSON when asked, else the human text. */
    void print(PrintWriter out, Object result, String humanText) {
        if (json()) {
            try {
                out.println(Json.MAPPER.writeValueAsString(result));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            out.println(humanText);
        }
        out.flush();
    }
}
