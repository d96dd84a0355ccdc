package io.grantgate.command;

import io.grantgate.auth.Secret;
import java.util.Objects;
import java.util.Optional;

/**
 * A client's password statement the gateway carries out itself, as the only statement of a
 * COM_QUERY: {@code SET PASSWORD [FOR whom] = …} or {@code ALTER USER whom IDENTIFIED BY …}. The
 * gateway owns the account's password (its verifier in the catalog); the backend account keeps the
 * password the gateway derives for it, so such a statement must never reach the backend.
 *
 * @param statement which statement it was, for the error a refusal gets (the server answers the
 *     two differently for another account)
 */
public record PasswordChange(Statement statement, Target target, NewPassword password) {

    public PasswordChange {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(password, "password");
    }

    /** The statement's kind. */
    public enum Statement {
        SET_PASSWORD,
        ALTER_USER
    }

    /** Whose password: the session's own, or an account named as {@code 'user'[@'host']}. */
    public sealed interface Target {

        /** No FOR, {@code CURRENT_USER[()]}, {@code USER()}. */
        record Own() implements Target {}

        /** @param host empty when the statement names none (the server then takes {@code '%'}) */
        record Named(String user, Optional<String> host) implements Target {

            public Named {
                Objects.requireNonNull(user, "user");
                Objects.requireNonNull(host, "host");
            }
        }

        Own OWN = new Own();
    }

    /** The new password, as the statement gives it. */
    public sealed interface NewPassword {

        /** {@code PASSWORD('x')}, {@code IDENTIFIED BY 'x'}: the password itself. */
        record Cleartext(Secret password) implements NewPassword {

            public Cleartext {
                Objects.requireNonNull(password, "password");
            }
        }

        /**
         * {@code SET PASSWORD = 'x'}, {@code IDENTIFIED BY PASSWORD 'x'}: a mysql_native_password hash
         * on MariaDB (and for {@code IDENTIFIED BY PASSWORD} on both); on MySQL 8, {@code SET PASSWORD =
         * 'x'} takes the password itself. Which one the session decides, knowing its backend.
         *
         * @param hashOnly true for {@code IDENTIFIED BY PASSWORD 'x'}: a hash on every server
         */
        record Literal(Secret text, boolean hashOnly) implements NewPassword {

            public Literal {
                Objects.requireNonNull(text, "text");
            }
        }
    }
}
