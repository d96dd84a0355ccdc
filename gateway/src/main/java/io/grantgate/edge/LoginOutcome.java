package io.grantgate.edge;

import io.grantgate.catalog.Account;
import io.grantgate.catalog.HostPattern;
import java.util.Objects;

/**
 * How a login ended. A client is told only "access denied" whatever the reason, so that it cannot
 * probe which accounts exist; the reason goes to the log and the audit.
 */
public sealed interface LoginOutcome {

    /** @param host the account's most specific host pattern matching the client address */
    record Accepted(Account account, HostPattern host) implements LoginOutcome {
        public Accepted {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(host, "host");
        }
    }

    /** @param usedPassword for the message's "(using password: YES|NO)" */
    record Denied(String user, Reason reason, boolean usedPassword) implements LoginOutcome {}

    /** Why, for the operator; never sent to the client. */
    enum Reason {
        UNKNOWN_USER("unknown_user"),
        BAD_PASSWORD("bad_password"),
        HOST_NOT_ALLOWED("host_not_allowed"),
        ACCOUNT_LOCKED("account_locked"),
        ACCOUNT_NOT_ACTIVE("account_not_active"),
        TOO_MANY_FAILURES("too_many_failures"),
        TLS_REQUIRED("tls_required"),
        /**
         * A grant of the account has expired and the backend account still holds it, until an admin
         * sweeps it ({@code admin expire}): a session now would run with the expired privilege.
         */
        GRANT_EXPIRED("grant_expired"),
        /** The password has expired and the client cannot take the sandbox (no CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS). */
        PASSWORD_EXPIRED("password_expired"),
        PROTOCOL("protocol_error");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }
}
