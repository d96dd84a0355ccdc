package io.grantgate.bench.jmh;

import io.grantgate.auth.AuthPlugin;
import io.grantgate.auth.CachingSha2Scramble;
import io.grantgate.auth.CachingSha2Verifier;
import io.grantgate.auth.FastAuthCache;
import io.grantgate.auth.FastAuthDigest;
import io.grantgate.auth.Scramble;
import io.grantgate.catalog.Account;
import io.grantgate.catalog.AccountStatus;
import io.grantgate.catalog.CatalogSnapshot;
import io.grantgate.catalog.Expiries;
import io.grantgate.catalog.HostPattern;
import io.grantgate.catalog.UserName;
import io.grantgate.protocol.Bytes;
import io.grantgate.protocol.MalformedPacketException;
import io.grantgate.protocol.PayloadReader;
import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.message.client.ConnectAttributes;
import io.grantgate.protocol.message.client.HandshakeResponse41;
import io.grantgate.protocol.message.server.HandshakeV10;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The login exchange's work between the socket reads, without a database or a socket, step by step:
 * the greeting (a fresh scramble, encoded), the client's HandshakeResponse41 decoded (as the mariadb
 * CLI sends it: caching_sha2_password, a schema, connection attributes), the account looked up in a
 * catalog snapshot of 1 000 accounts and its host patterns matched against the peer, and the
 * caching_sha2_password fast-auth check against the cached digest; then all of them as one login.
 * What a real login costs beyond this (accept, socket reads and writes, threads, the backend
 * connection, audit, logs) is in bench/README.md, "Login cost".
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LoginExchangeBenchmark {

    private static final String PASSWORD = "bench-Password-1";
    private static final int ACCOUNTS = 1_000;
    private static final int UTF8MB4_GENERAL_CI = 45;
    private static final Capabilities SERVER = Capabilities.of(
            CapabilityFlag.CLIENT_LONG_PASSWORD,
            CapabilityFlag.CLIENT_FOUND_ROWS,
            CapabilityFlag.CLIENT_LONG_FLAG,
            CapabilityFlag.CLIENT_CONNECT_WITH_DB,
            CapabilityFlag.CLIENT_LOCAL_FILES,
            CapabilityFlag.CLIENT_PROTOCOL_41,
            CapabilityFlag.CLIENT_SSL,
            CapabilityFlag.CLIENT_TRANSACTIONS,
            CapabilityFlag.CLIENT_SECURE_CONNECTION,
            CapabilityFlag.CLIENT_MULTI_STATEMENTS,
            CapabilityFlag.CLIENT_MULTI_RESULTS,
            CapabilityFlag.CLIENT_PS_MULTI_RESULTS,
            CapabilityFlag.CLIENT_PLUGIN_AUTH,
            CapabilityFlag.CLIENT_CONNECT_ATTRS,
            CapabilityFlag.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA,
            CapabilityFlag.CLIENT_SESSION_TRACK,
            CapabilityFlag.CLIENT_DEPRECATE_EOF);

    private Scramble scramble;
    private byte[] responsePayload;
    private byte[] authResponse;
    private CatalogSnapshot snapshot;
    private InetAddress peer;
    private FastAuthCache cache;

    @Setup
    public void prepare() throws UnknownHostException, MalformedPacketException {
        scramble = Scramble.random();
        HandshakeResponse41 response = clientResponse(scramble);
        responsePayload = response.encode();
        authResponse = response.authResponse().toArray();
        List<Account> accounts = new ArrayList<>();
        for (int id = 1; id <= ACCOUNTS; id++) {
            accounts.add(account(id, "app" + id));
        }
        snapshot = CatalogSnapshot.of(1, accounts);
        peer = InetAddress.getByAddress(new byte[] {10, 20, 30, 40});
        cache = new FastAuthCache();
        Account target = snapshot.account(new UserName("app500")).orElseThrow();
        cache.remember(target.id(), target.verifier(), PASSWORD);
        if (!login()) {
            throw new IllegalStateException("the benchmark's own login does not verify");
        }
    }

    @Benchmark
    public byte[] greeting() {
        return greetingFor(Scramble.random()).encode();
    }

    @Benchmark
    public HandshakeResponse41 decodeHandshakeResponse() throws MalformedPacketException {
        return HandshakeResponse41.decode(PayloadReader.of(responsePayload));
    }

    @Benchmark
    public Optional<HostPattern> accountAndHostMatch() {
        return snapshot.account(new UserName("app500"))
                .flatMap(a -> a.hosts().stream().filter(h -> h.matches(peer)).findFirst());
    }

    @Benchmark
    public boolean fastAuthCheck() {
        Account account = snapshot.account(new UserName("app500")).orElseThrow();
        return cache.lookup(account.id(), account.verifier())
                .map(digest -> CachingSha2Scramble.check(authResponse, scramble, digest))
                .orElse(false);
    }

    /** The steps above in the gateway's order, as one login of a known account from an allowed host. */
    @Benchmark
    public boolean login() throws MalformedPacketException {
        // the scramble the client's response was made for: a fresh one would fail the check
        Scramble fresh = scramble;
        byte[] greeting = greetingFor(fresh).encode();
        HandshakeResponse41 response = HandshakeResponse41.decode(PayloadReader.of(responsePayload));
        Optional<Account> account = snapshot.account(new UserName(response.username()));
        Optional<FastAuthDigest> digest = account.flatMap(a -> cache.lookup(a.id(), a.verifier()));
        boolean verified = digest.isPresent()
                && CachingSha2Scramble.check(response.authResponse().toArray(), fresh, digest.get());
        boolean allowed = account.flatMap(
                        a -> a.hosts().stream().filter(h -> h.matches(peer)).findFirst())
                .isPresent();
        return greeting.length > 0 && verified && allowed;
    }

    private static HandshakeV10 greetingFor(Scramble scramble) {
        return new HandshakeV10(
                "11.4.5-MariaDB-grantgate",
                1_000_000_001L,
                Bytes.of(scramble.bytes()),
                SERVER,
                UTF8MB4_GENERAL_CI,
                0x0002,
                AuthPlugin.CACHING_SHA2_PASSWORD.pluginName());
    }

    private static HandshakeResponse41 clientResponse(Scramble scramble) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("_client_name", "libmariadb");
        attributes.put("_client_version", "3.3.8");
        attributes.put("_os", "Linux");
        attributes.put("_pid", "12345");
        attributes.put("_platform", "x86_64");
        attributes.put("_server_host", "127.0.0.1");
        attributes.put("program_name", "mariadb");
        return new HandshakeResponse41(
                SERVER.without(CapabilityFlag.CLIENT_SSL),
                16_777_216,
                UTF8MB4_GENERAL_CI,
                "app500",
                Bytes.of(CachingSha2Scramble.respond(PASSWORD, scramble)),
                Optional.of("shop"),
                Optional.of(AuthPlugin.CACHING_SHA2_PASSWORD.pluginName()),
                new ConnectAttributes(attributes),
                OptionalInt.empty());
    }

    private static Account account(long id, String name) {
        return new Account(
                id,
                new UserName(name),
                AuthPlugin.CACHING_SHA2_PASSWORD,
                CachingSha2Verifier.create(PASSWORD),
                AccountStatus.ACTIVE,
                false,
                OptionalInt.empty(),
                List.of(HostPattern.parse("192.168.88.234"), HostPattern.parse("10.20.%"), HostPattern.parse("%")),
                Set.of(),
                Optional.empty(),
                Optional.empty(),
                Expiries.NONE,
                false);
    }
}
