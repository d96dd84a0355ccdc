package io.grantgate.catalog;

import java.util.Arrays;

/** Whether an account may log in, as stored in {@code account.status}. */
public enum AccountStatus {
    /** Being provisioned on the backend; may not log in until that has finished. */
    PENDING("pending"),
    ACTIVE("active"),
    /** Kept with its hosts and grants, but refused at login ({@code admin user lock}). */
    LOCKED("locked");

    private final String code;

    AccountStatus(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static AccountStatus fromCode(String code) {
        return Arrays.stream(values())
                .filter(s -> s.code.equals(code))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("unknown account status '" + code + "' in the catalog"));
    }
}
