package io.grantgate.provision;

import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Makes text from the server fit to show. {@link #withoutSecret} takes secrets out of the server's
 * error message for a statement that carried one. A syntax
 * error quotes the statement from the point of the error ({@code ... near 'BY 'x7Gq...'' at line
 * 1}), up to 80 characters, so it can hold all or part of a password; the quoted fragment is
 * withheld, and any other occurrence of the secret is replaced. {@link #visible} escapes what
 * could forge a line in a terminal or log.
 */
final class ServerMessages {

    private static final Pattern NEAR = Pattern.compile("near '.*' at line (\\d+)", Pattern.DOTALL);
    private static final String WITHHELD = "<derived secret>";

    /** Longest text {@link #visible} shows, in characters: a full privilege list and two 64-character names. */
    private static final int MAX_SHOWN = 400;

    private ServerMessages() {}

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

    /**
     * Text from the server made safe for a terminal or log: names may hold line breaks or
     * direction overrides, which are written as {@code \}{@code uXXXX}; at most
     * {@value #MAX_SHOWN} characters.
     */
    static String visible(String text) {
        String stripped = text.strip();
        if (stripped.isEmpty()) {
            return "(empty line)";
        }
        StringBuilder out = new StringBuilder();
        stripped.codePoints().limit(MAX_SHOWN).forEach(cp -> {
            int type = Character.getType(cp);
            if (type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.SURROGATE
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return stripped.codePointCount(0, stripped.length()) > MAX_SHOWN ? out + "..." : out.toString();
    }
}
