package io.grantgate.catalog;

import java.util.Arrays;

/**
 * The level a grant applies at, as stored in {@code account_grant.scope_level}.
 *
 * <p>Column privileges and routine privileges are not modelled: GrantGate grants on whole
 * databases and tables only.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.4/en/grant.html#grant-privilege-levels">GRANT privilege levels</a>
 */
public enum GrantLevel {

    /** {@code *.*}: every database on the backend. */
    GLOBAL("global", "the global level (*.*)"),
    /** {@code db.*}: one database and every object in it. */
    DATABASE("database", "the database level (db.*)"),
    /** {@code db.table}: one table or view. */
    TABLE("table", "the table level (db.table)");

    private final String code;
    private final String description;

    GrantLevel(String code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The value of the {@code scope_level} column. */
    public String code() {
        return code;
    }

    /** How error messages name the level, e.g. {@code the database level (db.*)}. */
    public String description() {
        return description;
    }

    /** The level stored as {@code code} in the catalog. */
    public static GrantLevel fromCode(String code) {
        return Arrays.stream(values())
                .filter(level -> level.code.equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown scope level " + DisplayText.quoted(code) + ": expected global, database or table"));
    }
}
