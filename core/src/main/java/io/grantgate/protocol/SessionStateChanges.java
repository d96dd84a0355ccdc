package io.grantgate.protocol;

import io.grantgate.protocol.constant.SessionTrackType;
import java.util.Optional;

/**
 * Sorts the session-state information of one OK packet into what a transaction alone leaves and
 * anything else, for a relay that shares backend connections between sessions: after COMMIT the
 * transaction's entries are gone with it, anything else stays on the connection.
 *
 * <p>The transaction's are the transaction state (SESSION_TRACK_TRANSACTION_STATE), its
 * characteristics (SESSION_TRACK_TRANSACTION_CHARACTERISTICS: empty, or the statements that would set
 * them up, which for a transaction not yet started are state: {@code SET TRANSACTION ISOLATION
 * LEVEL …} applies to the next one), and the system variable {@code autocommit}. MariaDB reports an
 * assignment of any system variable with a SESSION_TRACK_STATE_CHANGE entry as well, the same entry it
 * sends alone for a user variable or a temporary table; so that entry counts as the transaction's only
 * beside an {@code autocommit} entry. Everything else (another variable, the schema, GTIDs, a type
 * this class does not know, an entry it cannot read) is other state: it fails closed. Stateless.
 *
 * @see <a href="https://mariadb.com/kb/en/ok_packet/">MariaDB: OK_Packet</a>
 */
final class SessionStateChanges {

    private static final String AUTOCOMMIT = "autocommit";

    private SessionStateChanges() {}

    /**
     * Reads the rest of an OK packet from its warning count on (the info string, then the session
     * state information) into {@code summary}; any entry it cannot place counts as other state.
     */
    static void read(PayloadReader rest, ResponseSummary summary) {
        boolean other = false;
        boolean autocommit = false;
        boolean stateChange = false;
        Optional<Boolean> characteristicsPending = Optional.empty();
        try {
            rest.skip(2); // the warning count
            rest.skip(rest.readLength()); // the info string
            PayloadReader entries = rest.slice(rest.readLength());
            if (!entries.hasRemaining()) {
                other = true;
            }
            while (entries.hasRemaining()) {
                Optional<SessionTrackType> type = SessionTrackType.of(entries.readInt1());
                PayloadReader data = entries.slice(entries.readLength());
                if (type.isEmpty()) {
                    other = true;
                    continue;
                }
                switch (type.get()) {
                    case SESSION_TRACK_SYSTEM_VARIABLES -> {
                        boolean isAutocommit = AUTOCOMMIT.equalsIgnoreCase(data.readLenEncString());
                        data.skip(data.readLength());
                        autocommit |= isAutocommit;
                        other |= !isAutocommit || data.hasRemaining();
                    }
                    case SESSION_TRACK_STATE_CHANGE -> stateChange = true;
                    case SESSION_TRACK_TRANSACTION_STATE -> {
                        // the transaction's own: it ends with the transaction
                    }
                    case SESSION_TRACK_TRANSACTION_CHARACTERISTICS ->
                        characteristicsPending = Optional.of(data.readLength() > 0);
                    case SESSION_TRACK_SCHEMA, SESSION_TRACK_GTIDS -> other = true;
                }
            }
        } catch (MalformedPacketException e) {
            other = true;
        }
        summary.sessionState(other || stateChange && !autocommit, characteristicsPending);
    }
}
