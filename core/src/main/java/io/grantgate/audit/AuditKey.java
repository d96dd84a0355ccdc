package io.grantgate.audit;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.grantgate.account.MasterKey;
import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that chains the audit trail's records: HMAC-SHA-256 of the master key over the label
 * {@value #LABEL}. It is derived rather than being the master key itself so that a leaked audit key
 * gives no backend password, and it lives only where the master key does, so that whoever can merely
 * edit the audit files cannot rebuild the chain after changing them. Never in {@code toString} or logs.
 *
 * <p>Immutable and safe to share between threads: each thread MACs with its own {@link Mac}.
 */
public final class AuditKey {

    /** Changing the label changes every MAC: it names the chain format's version. */
    static final String LABEL = "grantgate audit chain v1";

    /** HMAC-SHA-256's output: the size of a record's MAC and of the chain's first "previous MAC". */
    public static final int MAC_BYTES = 32;

    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;
    // Mac.getInstance and init cost more than MACing a short line: one per thread, reused
    private final ThreadLocal<Mac> macs;

    private AuditKey(byte[] key) {
        this.key = new SecretKeySpec(key, HMAC);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    public static AuditKey derive(MasterKey masterKey) {
        Objects.requireNonNull(masterKey, "masterKey");
        return new AuditKey(masterKey.hmacSha256(LABEL.getBytes(US_ASCII)));
    }

    /** The MAC the first record of a brand-new trail chains on. */
    public static byte[] firstPreviousMac() {
        return new byte[MAC_BYTES];
    }

    /** HMAC-SHA-256 of {@code previousMac || line}: {@code line} being the record without its mac field. */
    public byte[] mac(byte[] previousMac, byte[] line) {
        return mac(previousMac, line, 0, line.length);
    }

    /** As {@link #mac(byte[], byte[])}, over {@code length} bytes of {@code bytes} from {@code offset}. */
    public byte[] mac(byte[] previousMac, byte[] bytes, int offset, int length) {
        Objects.requireNonNull(previousMac, "previousMac");
        Objects.checkFromIndexSize(offset, length, bytes.length);
        Mac mac = macs.get();
        mac.update(previousMac);
        mac.update(bytes, offset, length);
        return mac.doFinal();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "AuditKey[****]";
    }
}
