package io.grantgate.catalog;

import java.util.Objects;

/**
 * What a grant applies to: {@code *.*}, {@code db.*} or {@code db.table}. The components mirror the
 * catalog columns {@code scope_level}, {@code scope_db} and {@code scope_table}: a part that does
 * not apply at the level is the empty string, never null.
 *
 * <p>Names follow {@link ObjectName}'s rules; on top of them, GrantGate refuses backslashes and
 * control characters in names. A backslash is the escape character of MySQL's database-level grant
 * patterns (see {@link #toSql()}), so allowing it would make a stored name mean two things; control
 * characters only serve to hide a name in the admin's terminal.
 *
 * @param level which of the names apply
 * @param db the database name, unquoted; empty at the global level
 * @param table the table name, unquoted; empty unless the level is {@link GrantLevel#TABLE}
 */
public record GrantScope(GrantLevel level, String db, String table) {

    private static final GrantScope GLOBAL = new GrantScope(GrantLevel.GLOBAL, "", "");

    public GrantScope {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(table, "table");
        switch (level) {
            case GLOBAL -> requireEmpty(db, table);
            case DATABASE -> {
                checkName("database name", db);
                requireEmpty(table);
            }
            case TABLE -> {
                checkName("database name", db);
                checkName("table name", table);
            }
        }
    }

    /** {@code *.*} */
    public static GrantScope global() {
        return GLOBAL;
    }

    /** {@code db.*} */
    public static GrantScope database(String db) {
        return new GrantScope(GrantLevel.DATABASE, db, "");
    }

    /** {@code db.table} */
    public static GrantScope table(String db, String table) {
        return new GrantScope(GrantLevel.TABLE, db, table);
    }

    /**
     * Parses {@code *.*}, {@code db.*} or {@code db.table}, each name bare ({@code sales}) or in
     * backticks with doubled backticks inside ({@code `my.db`.`t``1`}). Refuses {@code *.table},
     * a lone {@code *} or name (MySQL would read them relative to the current database), empty
     * parts and whitespace outside backticks.
     */
    public static GrantScope parse(String text) {
        return GrantScopeParser.parse(text);
    }

    /**
     * The scope as GRANT and REVOKE take it: {@code *.*}, {@code `db`.*}, {@code `db`.`t`}.
     *
     * <p>At the database level MySQL and MariaDB read {@code _} and {@code %} in the database name
     * as wildcards, so a grant on {@code my_db.*} would also reach {@code myXdb}. They are escaped
     * as {@code \_} and {@code \%} so the grant covers exactly the named database. Should a backend
     * read the name literally instead (a possibility with MySQL's {@code partial_revokes=ON}), the
     * escaped grant names a database that does not exist: it fails closed, never open. At the table
     * level both servers read the database name literally, so nothing is escaped there.
     */
    public String toSql() {
        return switch (level) {
            case GLOBAL -> "*.*";
            case DATABASE -> quotedPattern(db) + ".*";
            case TABLE -> new ObjectName(db).quoted() + "." + new ObjectName(table).quoted();
        };
    }

    @Override
    public String toString() {
        return toSql();
    }

    /**
     * Quoted by hand rather than through {@link ObjectName}: the escapes may take a 64-character
     * name past the limit, and the server, which stores the escaped form, is the one to judge that.
     */
    private static String quotedPattern(String name) {
        String escaped = name.replace("_", "\\_").replace("%", "\\%");
        return "`" + escaped.replace("`", "``") + "`";
    }

    private static void checkName(String kind, String name) {
        ObjectName.of(kind, name);
        name.codePoints().forEach(cp -> {
            if (cp == '\\') {
                throw new IllegalArgumentException(kind + " " + DisplayText.quoted(name) + " contains a backslash");
            }
            if (DisplayText.isInvisible(cp)) {
                throw new IllegalArgumentException(kind + " " + DisplayText.quoted(name)
                        + " contains the control or invisible character " + DisplayText.character(cp));
            }
        });
    }

    private static void requireEmpty(String... parts) {
        for (String part : parts) {
            if (!part.isEmpty()) {
                throw new IllegalArgumentException(
                        "a name was given where the scope level has none: " + DisplayText.quoted(part));
            }
        }
    }
}
