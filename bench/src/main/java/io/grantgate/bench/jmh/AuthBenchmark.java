package io.grantgate.bench.jmh;

import io.grantgate.auth.CachingSha2Scramble;
import io.grantgate.auth.CachingSha2Verifier;
import io.grantgate.auth.FastAuthDigest;
import io.grantgate.auth.NativePasswordScramble;
import io.grantgate.auth.NativePasswordVerifier;
import io.grantgate.auth.Scramble;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What a login costs the gateway in the auth code: a fresh scramble for the greeting, the
 * mysql_native_password check, the caching_sha2_password fast-auth check against the cached digest,
 * and its full authentication (5000 rounds of SHA-256 crypt, once per account and password until the
 * cache drops it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AuthBenchmark {

    private static final String PASSWORD = "bench-Password-1";

    private Scramble scramble;
    private NativePasswordVerifier nativeVerifier;
    private byte[] nativeResponse;
    private FastAuthDigest cached;
    private byte[] sha2Response;
    private CachingSha2Verifier sha2Verifier;

    @Setup
    public void prepare() {
        scramble = Scramble.random();
        nativeVerifier = NativePasswordVerifier.create(PASSWORD);
        nativeResponse = NativePasswordScramble.respond(PASSWORD, scramble);
        cached = FastAuthDigest.of(PASSWORD);
        sha2Response = CachingSha2Scramble.respond(PASSWORD, scramble);
        sha2Verifier = CachingSha2Verifier.create(PASSWORD);
        if (!NativePasswordScramble.check(nativeResponse, scramble, nativeVerifier)
                || !CachingSha2Scramble.check(sha2Response, scramble, cached)
                || !sha2Verifier.matches(PASSWORD)) {
            throw new IllegalStateException("the benchmark's own responses do not verify");
        }
    }

    @Benchmark
    public Scramble greetingScramble() {
        return Scramble.random();
    }

    @Benchmark
    public boolean nativePasswordCheck() {
        return NativePasswordScramble.check(nativeResponse, scramble, nativeVerifier);
    }

    @Benchmark
    public boolean cachingSha2FastAuthCheck() {
        return CachingSha2Scramble.check(sha2Response, scramble, cached);
    }

    @Benchmark
    public boolean cachingSha2FullAuth() {
        return sha2Verifier.matches(PASSWORD);
    }
}
