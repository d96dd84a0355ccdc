package io.grantgate.bench.floor;

import io.grantgate.bench.client.Endpoint;
import io.grantgate.bench.client.MiniClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * Where the floor servers send the query: the canned backend (no login), or a real server, each
 * connection logged in to once, at start, as the gateway's pool holds its connections.
 *
 * @param login the real server's account, or null for the canned backend
 */
public record BackendLinks(int port, Endpoint login) {

    /** A blocking connection, ready for queries. */
    SocketChannel open() throws IOException {
        SocketChannel channel = login == null
                ? SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                : MiniClient.connectOnChannel(login).channel();
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return channel;
    }
}
