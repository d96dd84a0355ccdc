package io.grantgate.backend;

/**
 * Counters of a pool, or of one key in it: connections now borrowed and idle, and connections ever
 * opened and closed.
 */
public record BackendPoolStats(int active, int idle, long created, long destroyed) {}
