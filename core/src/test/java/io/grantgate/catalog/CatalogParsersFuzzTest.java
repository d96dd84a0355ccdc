package io.grantgate.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.grantgate.testing.FuzzSeeds;
import io.grantgate.testing.FuzzSeeds.Seed;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parsers of admin input and catalog rows: host patterns and grant scopes. Each text parses or
 * is refused with an {@link IllegalArgumentException}, as their API documents; what parses is in
 * normal form (parsing its text again gives the same value), and a host pattern matches any address
 * without failing.
 *
 * <p>Input: UTF-8 text; or, after a leading 0xFF byte, UTF-16BE, which reaches every char including
 * unpaired surrogates.
 */
class CatalogParsersFuzzTest {

    private static final List<InetAddress> PEERS =
            addresses("127.0.0.1", "::1", "10.0.0.1", "192.168.88.234", "::ffff:10.0.0.1", "2001:db8::1", "0.0.0.0");

    @FuzzTest
    void hostPattern(byte[] data) {
        HostPattern pattern;
        try {
            pattern = HostPattern.parse(text(data));
        } catch (IllegalArgumentException e) {
            assertNotNull(e.getMessage());
            return;
        }
        assertEquals(pattern, HostPattern.parse(pattern.text()), "the normal form parses to itself");
        assertEquals(0, HostPattern.MOST_SPECIFIC_FIRST.compare(pattern, HostPattern.parse(pattern.text())));
        for (InetAddress peer : PEERS) {
            pattern.matches(peer);
        }
    }

    @FuzzTest
    void grantScope(byte[] data) {
        GrantScope scope;
        try {
            scope = GrantScope.parse(text(data));
        } catch (IllegalArgumentException e) {
            assertNotNull(e.getMessage());
            return;
        }
        assertNotNull(scope.toSql());
        String written = switch (scope.level()) {
            case GLOBAL -> "*.*";
            case DATABASE -> quoted(scope.db()) + ".*";
            case TABLE -> quoted(scope.db()) + "." + quoted(scope.table());
        };
        assertEquals(scope, GrantScope.parse(written), "written back as " + written);
    }

    private static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    static String text(byte[] data) {
        if (data.length > 0 && data[0] == (byte) 0xFF) {
            return new String(data, 1, data.length - 1, StandardCharsets.UTF_16BE);
        }
        return new String(data, StandardCharsets.UTF_8);
    }

    @Test
    void seedCorpusIsCommitted() {
        assertEquals(List.of(), FuzzSeeds.writeOrCompare(Path.of("src/test/resources"), getClass(), seeds()));
    }

    static List<Seed> seeds() {
        List<Seed> seeds = new ArrayList<>();
        String[] hosts = {
            "%",
            "localhost",
            "192.168.88.234",
            "192.168.88.%",
            "10.0.0._",
            "10.0.0.0/8",
            "10.0.0.0/255.255.255.0",
            "FE80:0:0::1",
            "2001:db8::/32",
            "::ffff:10.0.0.0/104",
            "10.0.0.1/8",
            "010.0.0.1",
            "db.example.com"
        };
        for (int i = 0; i < hosts.length; i++) {
            seeds.add(new Seed("hostPattern", "host-" + i, hosts[i].getBytes(StandardCharsets.UTF_8)));
        }
        String[] scopes = {"*.*", "sales.*", "sales.orders", "`my.db`.`t``1`", "*.orders", "`unclosed.*", "1.*"};
        for (int i = 0; i < scopes.length; i++) {
            seeds.add(new Seed("grantScope", "scope-" + i, scopes[i].getBytes(StandardCharsets.UTF_8)));
        }
        byte[] surrogate = {(byte) 0xFF, 0, 'a', (byte) 0xD8, 0, 0, '.', 0, '*'};
        seeds.add(new Seed("grantScope", "utf16-surrogate", surrogate));
        return seeds;
    }

    private static List<InetAddress> addresses(String... literals) {
        return Arrays.stream(literals)
                .map(literal -> {
                    try {
                        return InetAddress.getByName(literal); // literals only: no lookup happens
                    } catch (UnknownHostException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }
}
