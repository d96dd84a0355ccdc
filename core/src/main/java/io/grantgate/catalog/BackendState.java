package io.grantgate.catalog;

import java.util.Arrays;

/** Where provisioning of a backend account stands, as stored in {@code backend_account.state}. */
public enum BackendState {
    PENDING("pending"),
    PROVISIONED("provisioned"),
    /** A backend step failed after the catalog was written; {@code admin doctor --repair} finishes it. */
    FAILED("failed"),
    DROPPING("dropping");

    private final String code;

    BackendState(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static BackendState fromCode(String code) {
        return Arrays.stream(values())
                .filter(s -> s.code.equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown backend state '" + code + "' in the catalog"));
    }
}
