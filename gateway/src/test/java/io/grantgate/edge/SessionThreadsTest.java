package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SessionThreadsTest {

    @Test
    void theFirstSessionsGetPlatformThreadsTheRestVirtualOnesAndEndedOnesFreeTheirPlace() throws Exception {
        SessionThreads.SessionExecutor executor = new SessionThreads(2).executor();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(3);
        List<Boolean> virtual = new CopyOnWriteArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                executor.execute(() -> {
                    virtual.add(Thread.currentThread().isVirtual());
                    started.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(virtual).containsExactlyInAnyOrder(false, false, true);
            assertThat(executor.onPlatformThreads()).isEqualTo(2);
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (executor.onPlatformThreads() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(executor.onPlatformThreads()).isZero();
            CountDownLatch next = new CountDownLatch(1);
            executor.execute(() -> {
                virtual.add(Thread.currentThread().isVirtual());
                next.countDown();
            });
            assertThat(next.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(virtual.get(3)).as("a platform place is free again").isFalse();
        } finally {
            executor.shutdownNow();
        }
    }
}
