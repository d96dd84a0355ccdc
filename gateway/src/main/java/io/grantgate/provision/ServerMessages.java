package io.grantgate.provision;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Takes secrets out of the server's error message for a statement that carried one. A syntax
 * error quotes the statement from the point of the error ({@code ... near 'BY 'x7Gq...'' at line
 * 1}), up to 80 characters, so it can hold all or part of a password; the quoted fragment is
 * withheld, and any other occurrence of the secret is replaced.
 */
final class ServerMessages {

    private static final Pattern NEAR = Pattern.compile("near '.*' at line (\\d+)", Pattern.DOTALL);
    private static final String WITHHELD = "<derived secret>";

    private ServerMessages() {
    }

    /** {@code cause} itself when its message shows nothing of the statement's secret, else a redacted copy. */
    static SQLException withoutSecret(SQLException cause, BackendStatement statement) {
        String message = cause.getMessage();
        if (!statement.carriesSecret() || message == null) {
            return cause;
        }
        String redacted = NEAR.matcher(message).replaceAll("near '<statement text withheld>' at line $1");
        String secret = statement.withheldText().orElse("");
        if (!secret.isEmpty()) {
            redacted = redacted.replace(secret, WITHHELD);
        }
        if (redacted.equals(message)) {
            return cause;
        }
        SQLException copy = new SQLException(redacted, cause.getSQLState(), cause.getErrorCode());
        copy.setStackTrace(cause.getStackTrace());
        return copy;
    }
}
