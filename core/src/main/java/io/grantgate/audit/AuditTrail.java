package io.grantgate.audit;

/**
 * Where sessions hand their audit events. Implementations are thread-safe; {@link #record} is called
 * on session threads and relay loops, so it must be cheap (a queue offer) in async mode.
 */
public interface AuditTrail extends AutoCloseable {

    /**
     * Hands over one event.
     *
     * <ul>
     *   <li>{@link AuditMode#ASYNC}: never waits; when the queue is full the event is dropped and
     *       counted, and this returns false.
     *   <li>{@link AuditMode#BLOCK}: waits while the queue is full; returns false without waiting
     *       when the trail cannot write (disk full, I/O error): the caller must then not run the
     *       statement it was recording. An event that is not {@link AuditEvent#refusable()} (a
     *       statement_result) is taken all the same, and written once the file can be.
     * </ul>
     */
    boolean record(AuditEvent event);

    AuditMode mode();

    /** Whether the trail is writing; false while a block-mode trail refuses statements. */
    default boolean healthy() {
        return true;
    }

    /** Drains the queue: every event handed over before is written (and synced) when this returns. */
    @Override
    void close();

    /** No trail: records nothing. */
    AuditTrail OFF = new AuditTrail() {
        @Override
        public boolean record(AuditEvent event) {
            return true;
        }

        @Override
        public AuditMode mode() {
            return AuditMode.OFF;
        }

        @Override
        public void close() {}
    };
}
