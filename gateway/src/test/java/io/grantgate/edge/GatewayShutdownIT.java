package io.grantgate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Stopping the gateway while sessions are open, idle on a relay loop or in the middle of a
 * statement: it returns promptly, every client loses its connection, nothing hangs.
 */
class GatewayShutdownIT {

    @Test
    void stoppingEndsIdleAndBusySessionsOnTheLoops() throws Exception {
        GatewayFixture gateway = new GatewayFixture(Duration.ofSeconds(1));
        String user = "stop_" + gateway.prefix;
        gateway.grant(user, "pw-" + user, "%", null, null);
        List<Connection> idle = new ArrayList<>();
        Connection busy = null;
        CompletableFuture<Void> stopping = null;
        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            for (int i = 0; i < 5; i++) {
                Connection c = DriverManager.getConnection(gateway.url("", ""), user, "pw-" + user);
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT 1")) {
                    assertThat(rs.next()).isTrue();
                }
                idle.add(c);
            }
            busy = DriverManager.getConnection(gateway.url("", ""), user, "pw-" + user);
            Connection running = busy;
            // threads of their own: the common pool has one worker on two cores, and the statement holds it
            CompletableFuture<Throwable> statement = CompletableFuture.supplyAsync(
                    () -> {
                        try (Statement s = running.createStatement()) {
                            s.executeQuery("SELECT SLEEP(30)");
                            return null;
                        } catch (SQLException e) {
                            return e;
                        }
                    },
                    threads);
            Thread.sleep(300);
            assertThat(gateway.runtime.relayStats().moves())
                    .as("the sessions were on the loops")
                    .isGreaterThanOrEqualTo(6);

            stopping = CompletableFuture.runAsync(gateway::close, threads);
            stopping.get(10, TimeUnit.SECONDS);

            assertThat(statement.get(10, TimeUnit.SECONDS))
                    .as("the running statement's client is told")
                    .isInstanceOf(SQLException.class);
            for (Connection c : idle) {
                assertThatThrownBy(() -> {
                            try (Statement s = c.createStatement()) {
                                s.executeQuery("SELECT 1");
                            }
                        })
                        .isInstanceOf(SQLException.class);
            }
        } finally {
            idle.forEach(GatewayShutdownIT::closeQuietly);
            closeQuietly(busy);
            if (stopping == null) {
                gateway.close();
            }
            threads.shutdownNow();
        }
    }

    @Test
    void aNormalStopLogsNoFailureAndLeavesNoKeysBehind() throws Exception {
        GatewayFixture gateway = new GatewayFixture(Duration.ofSeconds(1));
        Logger serverLog = (Logger) LoggerFactory.getLogger(GatewayServer.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        serverLog.addAppender(logged);
        List<Thread> acceptors = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("gateway-accept"))
                .toList();
        try {
            gateway.close();
            // whatever the accept thread logs as the listener closes under it, until it has ended
            for (Thread acceptor : acceptors) {
                acceptor.join(Duration.ofSeconds(2));
            }
        } finally {
            serverLog.detachAppender(logged);
        }

        assertThat(logged.list)
                .as("a stop is not a failure of the listener")
                .noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.WARN));
        assertThat(gateway.dataDirectory)
                .as("the TLS key's directory is deleted")
                .doesNotExist();
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // the gateway is gone; closing only frees the driver's side
        }
    }
}
