package io.grantgate.bench;

import io.grantgate.bench.client.Endpoint;
import io.grantgate.bench.floor.BackendLinks;
import io.grantgate.bench.floor.CannedBackend;
import io.grantgate.bench.floor.LoopFloor;
import io.grantgate.bench.floor.ThreadFloor;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The floor under the gateway's login cost: a server that does only the socket work of a connect,
 * log in, {@code SELECT 1}, quit session (the same reads and writes as the gateway, fixed bytes, no
 * password check, no audit, no log), with the gateway's threading ({@code --mode thread}) or on event
 * loops ({@code --mode loop}). The query goes to a canned backend in another process, or, with
 * {@code --backend-user}, to a real server over connections logged in to at start, as the gateway's
 * pool holds them. Its CPU per connection under {@code bench churn} is what the kernel and the JVM's
 * channels alone cost here. {@code bench/login-floor.sh} runs it.
 */
@Command(
        name = "login-floor",
        mixinStandardHelpOptions = true,
        description = "A bare server doing only the login's socket work, to measure the floor under its cost.")
final class LoginFloorCommand implements Callable<Integer> {

    @Option(names = "--mode", required = true, description = "backend (the canned backend), thread or loop.")
    String mode;

    @Option(names = "--port", required = true, description = "Port to listen on (loopback).")
    int port;

    @Option(names = "--backend-port", description = "The backend's port (thread and loop).")
    int backendPort;

    @Option(
            names = "--backend-user",
            description = "Log in to a real server on --backend-port as this user (password from"
                    + " BENCH_BACKEND_PASSWORD); without it the backend is the canned one.")
    String backendUser;

    @Option(
            names = "--backend-connections",
            defaultValue = "32",
            description = "Backend connections opened at start, per loop in loop mode (default: ${DEFAULT-VALUE}).")
    int backendConnections;

    @Option(
            names = "--loops",
            defaultValue = "2",
            description = "Event loops in loop mode (default: ${DEFAULT-VALUE}).")
    int loops;

    @Override
    public Integer call() throws Exception {
        BackendLinks links = new BackendLinks(
                backendPort,
                backendUser == null
                        ? null
                        : new Endpoint(
                                "127.0.0.1",
                                backendPort,
                                backendUser,
                                System.getenv().getOrDefault("BENCH_BACKEND_PASSWORD", ""),
                                null));
        switch (mode) {
            case "backend" -> CannedBackend.serve(port);
            case "thread" -> ThreadFloor.serve(port, links, backendConnections);
            case "loop" -> {
                LoopFloor.serve(port, links, backendConnections, loops);
                Thread.currentThread().join();
            }
            default -> {
                System.err.println("login-floor: --mode is backend, thread or loop, not " + mode);
                return 2;
            }
        }
        return 0;
    }
}
