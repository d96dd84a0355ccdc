package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {

    @Test
    void refusesBeyondTheGlobalLimitAndFreesOnRelease() {
        ConnectionLimits limits = new ConnectionLimits(2);
        assertThat(limits.acquireConnection()).isTrue();
        assertThat(limits.acquireConnection()).isTrue();
        assertThat(limits.acquireConnection()).isFalse();
        limits.releaseConnection();
        assertThat(limits.acquireConnection()).isTrue();
        assertThat(limits.connections()).isEqualTo(2);
    }

    @Test
    void perAccountLimitsAreIndependentAndZeroMeansNone() {
        ConnectionLimits limits = new ConnectionLimits(100);
        assertThat(limits.acquireAccount("a", 1)).isTrue();
        assertThat(limits.acquireAccount("a", 1)).isFalse();
        assertThat(limits.acquireAccount("b", 1)).isTrue();
        for (int i = 0; i < 10; i++) {
            assertThat(limits.acquireAccount("c", 0)).isTrue();
        }
        limits.releaseAccount("a");
        assertThat(limits.sessionsOf("a")).isZero();
        assertThat(limits.acquireAccount("a", 1)).isTrue();
    }

    @Test
    void neverAdmitsMoreThanTheLimitUnderContention() throws Exception {
        ConnectionLimits limits = new ConnectionLimits(10);
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                pool.submit(() -> {
                    start.await();
                    if (limits.acquireConnection()) {
                        admitted.incrementAndGet();
                    }
                    return null;
                });
            }
            start.countDown();
        }
        assertThat(admitted.get()).isEqualTo(10);
        assertThat(limits.connections()).isEqualTo(10);
    }
}
