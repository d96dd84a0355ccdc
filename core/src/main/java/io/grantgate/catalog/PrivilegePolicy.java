package io.grantgate.catalog;

/**
 * Whether parsing admin input may yield a privilege or grant that lets an account act outside the
 * gateway's model (see {@link Privilege#dangerReason()} and {@link Grant#dangerReason()}).
 */
public enum PrivilegePolicy {

    /** The default: dangerous privileges and grants are refused with the reason. */
    SAFE_ONLY,
    /** The admin asked for them explicitly (e.g. {@code --allow-dangerous}). */
    ALLOW_DANGEROUS
}
