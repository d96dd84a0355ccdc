package io.grantgate.backend;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.CachingSha2Scramble;
import io.grantgate.auth.NativePasswordScramble;
import io.grantgate.auth.Scramble;
import io.grantgate.auth.Secret;
import io.grantgate.protocol.Bytes;
import java.util.Arrays;

/** The first auth response of each plugin: a pure function of (plugin, password, scramble). */
final class AuthResponses {

    private AuthResponses() {}

    static byte[] respond(AuthPlugin plugin, Secret password, Scramble scramble) {
        return switch (plugin) {
            case MYSQL_NATIVE_PASSWORD -> NativePasswordScramble.respond(password.reveal(), scramble);
            case CACHING_SHA2_PASSWORD -> CachingSha2Scramble.respond(password.reveal(), scramble);
        };
    }

    /**
     * The scramble in a greeting's or AuthSwitchRequest's plugin data: its first 20 bytes, without
     * the NUL servers append (MySQL sends 20 bytes and a NUL, MariaDB the same; some proxies omit it).
     */
    static Scramble scrambleOf(Bytes pluginData) {
        if (pluginData.length() < Scramble.LENGTH) {
            throw new IllegalArgumentException("auth plugin data of " + pluginData.length() + " bytes");
        }
        byte[] data = pluginData.toArray();
        try {
            return Scramble.of(Arrays.copyOf(data, Scramble.LENGTH));
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }
}
