package io.grantgate.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "SQL statistics" of a {@code sysbench ... run} (1.0.x), read from its output:
 * <pre>
 *     transactions:                        999    (199.22 per sec.)
 *     queries:                             20030  (3994.42 per sec.)
 *     ignored errors:                      3      (0.60 per sec.)
 *     reconnects:                          0      (0.00 per sec.)
 * </pre>
 *
 * @param ignoredErrors errors sysbench retried the transaction after (by default deadlocks and lock
 *     wait timeouts: 1213, 1020, 1205); any other error ends the run with a non-zero exit code
 */
public record SysbenchReport(
        long transactions,
        double transactionsPerSecond,
        long queries,
        double queriesPerSecond,
        long ignoredErrors,
        long reconnects) {

    private static final String COUNT_AND_RATE = ":\\s+(\\d+)\\s+\\((\\d+(?:\\.\\d+)?) per sec\\.\\)";

    /** @throws IllegalArgumentException naming the line that is missing, with the whole output */
    public static SysbenchReport parse(String output) {
        Matcher transactions = find("transactions", output);
        Matcher queries = find("queries", output);
        return new SysbenchReport(
                Long.parseLong(transactions.group(1)),
                Double.parseDouble(transactions.group(2)),
                Long.parseLong(queries.group(1)),
                Double.parseDouble(queries.group(2)),
                Long.parseLong(find("ignored errors", output).group(1)),
                Long.parseLong(find("reconnects", output).group(1)));
    }

    private static Matcher find(String label, String output) {
        Matcher matcher = Pattern.compile("(?m)^\\s*" + label + COUNT_AND_RATE).matcher(output);
        if (!matcher.find()) {
            throw new IllegalArgumentException("no '" + label + ":' line in the sysbench output:\n" + output);
        }
        return matcher;
    }
}
