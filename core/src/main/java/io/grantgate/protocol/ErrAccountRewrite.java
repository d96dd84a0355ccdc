package io.grantgate.protocol;

import io.grantgate.protocol.constant.MySqlError;
import io.grantgate.protocol.message.server.ErrPacket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Puts the client's account in place of the backend account in the backend's access errors. A
 * server names the connection's own account in them ({@code SELECT command denied to user
 * 'gg_xuys_7'@'10.0.0.5' for table `shop`.`orders`}), which through the gateway is the derived
 * backend account at the gateway's address: a name the client never used, and one a DBA would
 * rather not hand out. Rewritten, the client reads {@code 'xuys'@'<its own address>'}.
 *
 * <p>Only ERR packets whose code is one of those whose message names the current account
 * ({@link #NAMING}) are rewritten, and in them only {@code 'backend user'@'host'} (both parts
 * replaced) and a {@code 'backend user'} on its own (MariaDB's and MySQL's 1226 name the user
 * alone); every other packet, and every other error, passes as it came. The message is taken as
 * UTF-8, which is what servers send it in unless the client set {@code character_set_results} to
 * something else; the backend user name is ASCII, so a match is never part of a longer character.
 *
 * <p>Immutable; one per account session.
 *
 * @see <a href="https://mariadb.com/kb/en/mariadb-error-codes/">MariaDB error codes</a>
 * @see <a href="https://dev.mysql.com/doc/mysql-errors/8.4/en/server-error-reference.html">MySQL server error reference</a>
 */
public final class ErrAccountRewrite {

    /** Rewrites nothing: for a relay with no account behind it (benchmarks, tests). */
    public static final ErrAccountRewrite NONE = new ErrAccountRewrite(new byte[0], new byte[0], new byte[0]);

    /**
     * The errors whose message names the connection's own account, on MariaDB 11.4 and MySQL 8.4
     * (from the servers' message files). 1227 (you need the X privilege) names none; errors that
     * name an account a statement mentions (1396 operation failed for 'u'@'h', 1449 the definer
     * does not exist) are about that account and stay as they are.
     */
    public static final Set<MySqlError> NAMING = EnumSet.of(
            MySqlError.ER_DBACCESS_DENIED_ERROR,
            MySqlError.ER_ACCESS_DENIED_ERROR,
            MySqlError.ER_TABLEACCESS_DENIED_ERROR,
            MySqlError.ER_COLUMNACCESS_DENIED_ERROR,
            MySqlError.ER_NO_PERMISSION_TO_CREATE_USER,
            MySqlError.ER_USER_LIMIT_REACHED,
            MySqlError.ER_PROCACCESS_DENIED_ERROR,
            MySqlError.ER_ACCESS_DENIED_NO_PASSWORD_ERROR,
            MySqlError.ER_ACCOUNT_HAS_BEEN_LOCKED);

    private static final byte QUOTE = '\'';
    private static final byte AT = '@';
    /** ERR header, 2-byte code. */
    private static final int CODE_END = 3;
    /** '#' and the 5-character SQLSTATE, with CLIENT_PROTOCOL_41. */
    private static final int SQL_STATE_END = CODE_END + 6;

    private final byte[] backendUser;
    private final byte[] gatewayUser;
    private final byte[] gatewayAccount;

    private ErrAccountRewrite(byte[] backendUser, byte[] gatewayUser, byte[] gatewayAccount) {
        this.backendUser = backendUser;
        this.gatewayUser = gatewayUser;
        this.gatewayAccount = gatewayAccount;
    }

    /**
     * @param backendUser the backend account's user name, as the backend names it
     * @param gatewayUser the client's user name
     * @param clientAddress the client's address, as the gateway's own errors give it
     */
    public static ErrAccountRewrite of(String backendUser, String gatewayUser, String clientAddress) {
        Objects.requireNonNull(backendUser, "backendUser");
        Objects.requireNonNull(gatewayUser, "gatewayUser");
        Objects.requireNonNull(clientAddress, "clientAddress");
        if (backendUser.isEmpty()) {
            throw new IllegalArgumentException("no backend user name");
        }
        return new ErrAccountRewrite(
                quoted(backendUser), quoted(gatewayUser), quoted(gatewayUser + "'@'" + clientAddress));
    }

    /** Whether an ERR with this code may name the connection's account. */
    public static boolean namesAccount(int errorCode) {
        for (MySqlError error : NAMING) {
            if (error.code() == errorCode) {
                return true;
            }
        }
        return false;
    }

    /**
     * The ERR payload of {@code length} bytes at {@code offset} with the account rewritten; null when
     * there is nothing to rewrite (not an ERR, another code, no backend account named), so that the
     * caller passes the bytes on as they came.
     */
    public byte[] rewrite(byte[] payload, int offset, int length) {
        if (backendUser.length == 0
                || length < CODE_END
                || (payload[offset] & 0xFF) != ErrPacket.HEADER
                || !namesAccount((payload[offset + 1] & 0xFF) | (payload[offset + 2] & 0xFF) << 8)) {
            return null;
        }
        int message = length >= SQL_STATE_END && payload[offset + CODE_END] == '#'
                ? offset + SQL_STATE_END
                : offset + CODE_END;
        byte[] text = rewriteText(payload, message, offset + length);
        if (text == null) {
            return null;
        }
        byte[] rewritten = new byte[message - offset + text.length];
        System.arraycopy(payload, offset, rewritten, 0, message - offset);
        System.arraycopy(text, 0, rewritten, message - offset, text.length);
        return rewritten;
    }

    /** The same for an error the gateway holds decoded (a backend's refusal of a login's schema). */
    public ErrPacket rewrite(ErrPacket err) {
        if (backendUser.length == 0 || !namesAccount(err.errorCode())) {
            return err;
        }
        byte[] message = err.message().getBytes(StandardCharsets.UTF_8);
        byte[] text = rewriteText(message, 0, message.length);
        return text == null
                ? err
                : new ErrPacket(err.errorCode(), err.sqlState(), new String(text, StandardCharsets.UTF_8));
    }

    /** {@code bytes[from, to)} with each naming of the backend account replaced; null when there is none. */
    private byte[] rewriteText(byte[] bytes, int from, int to) {
        ByteArrayOutputStream out = null;
        int copied = from;
        int at = indexOf(bytes, from, to);
        while (at >= 0) {
            if (out == null) {
                out = new ByteArrayOutputStream(to - from + gatewayAccount.length);
            }
            out.write(bytes, copied, at - copied);
            int end = at + backendUser.length;
            int hostEnd = hostEnd(bytes, end, to);
            if (hostEnd >= 0) {
                out.writeBytes(gatewayAccount);
                end = hostEnd;
            } else {
                out.writeBytes(gatewayUser);
            }
            copied = end;
            at = indexOf(bytes, end, to);
        }
        if (out == null) {
            return null;
        }
        out.write(bytes, copied, to - copied);
        return out.toByteArray();
    }

    /** Where {@code @'host'} that starts at {@code from} ends (past its closing quote); -1 when none does. */
    private static int hostEnd(byte[] bytes, int from, int to) {
        if (from + 1 >= to || bytes[from] != AT || bytes[from + 1] != QUOTE) {
            return -1;
        }
        for (int i = from + 2; i < to; i++) {
            if (bytes[i] == QUOTE) {
                return i + 1;
            }
        }
        return -1; // the server cut its message inside the host: only the user is replaced
    }

    /** The first {@code 'backend user'} in {@code bytes[from, to)}, or -1. */
    private int indexOf(byte[] bytes, int from, int to) {
        int last = to - backendUser.length;
        outer:
        for (int i = from; i <= last; i++) {
            for (int j = 0; j < backendUser.length; j++) {
                if (bytes[i + j] != backendUser[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] quoted(String text) {
        return ("'" + text + "'").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ErrAccountRewrite[" + new String(backendUser, StandardCharsets.UTF_8) + " -> "
                + new String(gatewayAccount, StandardCharsets.UTF_8) + "]";
    }
}
