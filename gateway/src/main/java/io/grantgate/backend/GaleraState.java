package io.grantgate.backend;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The health rule for a Galera node, from its status variables: it takes new sessions only when
 * {@code wsrep_ready} is ON (it is in the primary component and accepts queries) and
 * {@code wsrep_local_state} is 4, Synced. A joiner, a donor (which an rsync or mysqldump SST blocks)
 * and a desynced node are out, as ProxySQL's and MaxScale's Galera monitors take them out by default.
 */
final class GaleraState {

    /** The status query of a check; one round trip. */
    static final String STATUS_QUERY =
            "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_ready', 'wsrep_local_state', 'wsrep_local_state_comment')";

    /** Whether the server is a Galera node at all: MariaDB without Galera says OFF, MySQL nothing. */
    static final String WSREP_ON_QUERY = "SHOW GLOBAL VARIABLES LIKE 'wsrep_on'";

    /** wsrep_local_state of a node that is in sync with its cluster. */
    static final String SYNCED = "4";

    private GaleraState() {}

    /** From the rows of {@link #WSREP_ON_QUERY}. */
    static boolean isGaleraNode(List<List<String>> rows) {
        return rows.stream().anyMatch(row -> row.size() == 2 && "ON".equalsIgnoreCase(row.get(1)));
    }

    /** From the rows of {@link #STATUS_QUERY}. */
    static NodeHealth judge(List<List<String>> rows) {
        Map<String, String> status = rows.stream()
                .filter(row -> row.size() == 2 && row.get(0) != null && row.get(1) != null)
                .collect(Collectors.toMap(
                        row -> row.get(0).toLowerCase(java.util.Locale.ROOT), row -> row.get(1), (a, b) -> a));
        String ready = status.getOrDefault("wsrep_ready", "missing");
        String state = status.getOrDefault("wsrep_local_state", "missing");
        if ("ON".equalsIgnoreCase(ready) && SYNCED.equals(state)) {
            return NodeHealth.IN_SERVICE;
        }
        return NodeHealth.out("Galera node not ready: wsrep_ready " + ready + ", wsrep_local_state " + state + " ("
                + status.getOrDefault("wsrep_local_state_comment", "?") + ")");
    }
}
