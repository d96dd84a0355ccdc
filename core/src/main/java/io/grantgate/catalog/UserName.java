package io.grantgate.catalog;

import java.util.Objects;

/**
 * The user name of a gateway account, as clients send it in the handshake.
 *
 * <p>1 to {@value #MAX_LENGTH} characters, counted as Unicode code points as MySQL counts characters
 * (the catalog column is {@code VARCHAR(32)} in utf8mb4). Unicode letters, digits, spaces inside the
 * name and punctuation are allowed. Refused, because they only ever serve confusion or injection:
 * quotes ({@code ' " `}) and backslash, which change meaning between SQL modes and quoting styles;
 * control, format (zero-width, bidirectional override) and separator characters, which hide in
 * logs and terminals; unpaired surrogates, which no client can send; and leading or trailing
 * whitespace, which makes two names look identical. Names compare exactly, case-sensitively, as
 * MySQL compares user names.
 *
 * @param value the name, exactly as the client must send it
 * @see <a href="https://dev.mysql.com/doc/refman/8.4/en/account-names.html">Specifying Account Names</a>
 */
public record UserName(String value) {

    /** MySQL's limit for user names, in characters. */
    public static final int MAX_LENGTH = AccountNameRules.MAX_LENGTH;

    public UserName {
        Objects.requireNonNull(value, "user name");
        AccountNameRules.check("user name", value);
    }

    @Override
    public String toString() {
        return value;
    }
}
