package io.grantgate.provision;

/**
 * What became of a change.
 *
 * @param applied false for a dry run or a no-op
 * @param catalogVersion the catalog version after the change (unchanged when nothing was applied)
 */
public record ChangeResult(ChangePlan plan, boolean applied, boolean dryRun, long catalogVersion) {}
