package io.grantgate.audit;

import io.grantgate.account.MasterKey;
import java.util.List;
import java.util.Optional;

/** Events and keys for the audit tests. */
final class AuditEvents {

    /** 32 bytes 0x00..0x1f. */
    static final MasterKey MASTER_KEY = MasterKey.fromBase64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");

    static final AuditKey KEY = AuditKey.derive(MASTER_KEY);

    /** 32 bytes 0x01, 0x01..0x1f. */
    static final AuditKey OTHER_KEY =
            AuditKey.derive(MasterKey.fromBase64("AQECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));

    static final long TIME = 1_790_000_000_000_000L;

    private AuditEvents() {}

    static AuditEvent.Login login(long connectionId) {
        return new AuditEvent.Login(
                TIME + connectionId,
                "gw-1",
                connectionId,
                "alice",
                "10.0.0.7",
                50123,
                Optional.of("TLSv1.3"),
                Optional.of("TLS_AES_256_GCM_SHA384"),
                "caching_sha2_password",
                Optional.of("10.0.0.%"),
                "ok",
                Optional.empty(),
                Optional.empty());
    }

    static AuditEvent.Statement query(long connectionId, long commandNumber, String text) {
        return new AuditEvent.Statement(
                TIME + commandNumber,
                "gw-1",
                connectionId,
                "alice",
                commandNumber,
                "query",
                Optional.of(text),
                text.length(),
                -1,
                List.of(),
                Optional.empty(),
                Optional.of(new AuditEvent.Outcome("ok", 1, 0, 1, 0, "")),
                120);
    }

    /** A block-mode statement, recorded before it runs: no outcome yet. */
    static AuditEvent.Statement ahead(long connectionId, long commandNumber, String text) {
        return new AuditEvent.Statement(
                TIME + commandNumber,
                "gw-1",
                connectionId,
                "alice",
                commandNumber,
                "query",
                Optional.of(text),
                text.length(),
                -1,
                List.of(),
                Optional.empty(),
                Optional.empty(),
                0);
    }

    /** The outcome of {@link #ahead}'s statement. */
    static AuditEvent.StatementResult result(long connectionId, long commandNumber) {
        return new AuditEvent.StatementResult(
                TIME + commandNumber + 1,
                "gw-1",
                connectionId,
                "alice",
                commandNumber,
                new AuditEvent.Outcome("ok", 1, 0, 1, 0, ""),
                150);
    }
}
