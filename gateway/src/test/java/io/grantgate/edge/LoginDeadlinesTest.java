package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deadlines on real loopback sockets: the running ones close theirs at the timeout, met ones never. */
class LoginDeadlinesTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);

    private ServerSocket listener;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void listen() throws Exception {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        listener.close();
    }

    private Socket connected() throws Exception {
        Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        Socket accepted = listener.accept();
        sockets.add(client);
        sockets.add(accepted);
        return accepted;
    }

    private static void awaitClosed(Socket socket, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!socket.isClosed() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void aLoginNotDoneInTimeHasItsSocketClosedAndItsDeadlineExpired() throws Exception {
        try (LoginDeadlines deadlines = new LoginDeadlines(TIMEOUT)) {
            Socket slow = connected();
            long start = System.nanoTime();
            LoginDeadlines.Deadline deadline = deadlines.start(slow);

            awaitClosed(slow, Duration.ofSeconds(5));

            assertThat(slow.isClosed()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(TIMEOUT);
            assertThat(deadline.expired()).isTrue();
            assertThat(deadline.met()).as("too late to meet it").isFalse();
        }
    }

    @Test
    void metDeadlinesLeaveTheirSocketsOpenAndTheRunningOneBehindThemStillExpires() throws Exception {
        try (LoginDeadlines deadlines = new LoginDeadlines(TIMEOUT)) {
            List<Socket> quick = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Socket s = connected();
                quick.add(s);
                assertThat(deadlines.start(s).met()).isTrue();
            }
            Socket slow = connected();
            LoginDeadlines.Deadline running = deadlines.start(slow);
            Socket later = connected();
            LoginDeadlines.Deadline metLater = deadlines.start(later);

            // met at once (a sleep here could outlast the timeout on a loaded machine): the timer, held
            // at the running deadline in front of it, must still not close it
            assertThat(metLater.met()).isTrue();
            awaitClosed(slow, Duration.ofSeconds(5));
            Thread.sleep(TIMEOUT.toMillis());

            assertThat(slow.isClosed()).isTrue();
            assertThat(running.expired()).isTrue();
            assertThat(later.isClosed()).isFalse();
            assertThat(metLater.expired()).isFalse();
            assertThat(metLater.met()).as("meeting it again changes nothing").isTrue();
            assertThat(quick).noneMatch(Socket::isClosed);
        }
    }
}
