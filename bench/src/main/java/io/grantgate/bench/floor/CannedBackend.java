package io.grantgate.bench.floor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A stand-in backend for the floor servers, run in a process of its own so that its CPU is not
 * counted: answers every command but COM_QUIT with {@code SELECT 1}'s result. It has no login: the
 * floor servers connect once, at start, and keep their connections.
 */
public final class CannedBackend {

    private CannedBackend() {}

    public static void serve(int port) throws IOException {
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            System.err.println("canned backend on port " + port);
            while (true) {
                Socket socket = listener.accept();
                Thread.ofPlatform().daemon(true).start(() -> answer(socket));
            }
        }
    }

    private static void answer(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[4096];
            int filled = 0;
            while (true) {
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    return;
                }
                filled += n;
                int whole;
                while ((whole = FloorPackets.wholePacket(buffer, filled)) > 0) {
                    if (buffer[4] == FloorPackets.COM_QUIT) {
                        return;
                    }
                    out.write(FloorPackets.SELECT_ONE_RESULT);
                    System.arraycopy(buffer, whole, buffer, 0, filled - whole);
                    filled -= whole;
                }
            }
        } catch (IOException e) {
            System.err.println("canned backend: " + e);
        }
    }
}
