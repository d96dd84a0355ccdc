package io.grantgate.catalog;

import java.time.Duration;

/**
 * When a gateway instance counts as stale: each gateway rewrites its {@code gateway_instance} row
 * every heartbeat interval (its {@code catalog.poll-interval}); one that has not done so for
 * {@value #STALE_AFTER_BEATS} intervals has stopped, hung, or lost its catalog. Three, not one or
 * two: a heartbeat may wait behind a slow catalog write or a garbage collection without the gateway
 * being in trouble. Shared by the gateway (a second instance starting with the same id is warned
 * about) and {@code admin status}.
 */
public final class Heartbeats {

    /** Missed heartbeats after which an instance is stale. */
    public static final int STALE_AFTER_BEATS = 3;

    private Heartbeats() {}

    /**
     * @param age time since the last heartbeat, measured on the catalog server's clock (so that the
     *     clocks of the gateway and of whoever asks need not agree)
     * @param interval the instance's heartbeat interval
     */
    public static boolean stale(Duration age, Duration interval) {
        return age.compareTo(interval.multipliedBy(STALE_AFTER_BEATS)) > 0;
    }
}
