package io.grantgate.edge;

import io.grantgate.protocol.PacketBuffer;
import io.grantgate.protocol.PacketHeader;
import io.grantgate.protocol.PacketReader;
import io.grantgate.protocol.ResponseTracker;
import io.grantgate.protocol.constant.CommandType;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Moves one command's response from the backend to the client as raw frames, header and payload
 * copied from one reused buffer, never decoding rows: the tracker only looks at each packet's first
 * bytes to know when the response ends. The client stream is flushed once, at the end of the
 * response (or whenever its buffer fills), not per packet. During LOCAL INFILE the client's frames
 * go the other way.
 */
final class FrameRelay {

    private final byte[] header = new byte[PacketHeader.SIZE];
    private final PacketBuffer frame = new PacketBuffer(64 * 1024);

    /** Relays the response to {@code command}, just forwarded to the backend, until the tracker says it ended. */
    void relay(CommandType command, ResponseTracker tracker, PacketReader backendIn, OutputStream clientOut,
            PacketReader clientIn, OutputStream backendOut) throws IOException {
        ResponseTracker.Next next = tracker.begin(command);
        while (next != ResponseTracker.Next.DONE) {
            if (next == ResponseTracker.Next.SERVER) {
                if (!backendIn.readFrame(frame)) {
                    throw new BackendGoneException("the backend closed the connection mid-response");
                }
                write(clientOut);
                next = tracker.onServerFrame(frame.length(), frame.array(), 0, Math.min(frame.length(), ResponseTracker.PREFIX_LENGTH));
            } else {
                clientOut.flush();
                if (!clientIn.readFrame(frame)) {
                    throw new ClientGoneException("the client closed the connection during LOCAL INFILE");
                }
                write(backendOut);
                next = tracker.onClientFrame(frame.length());
                if (next != ResponseTracker.Next.CLIENT) {
                    backendOut.flush();
                }
            }
        }
        clientOut.flush();
    }

    private void write(OutputStream out) throws IOException {
        PacketHeader.encode(frame.length(), frame.sequenceId(), header, 0);
        out.write(header);
        out.write(frame.array(), 0, frame.length());
    }

    /** The backend went away or broke the protocol: the session ends, the connection is discarded. */
    static final class BackendGoneException extends IOException {
        BackendGoneException(String message) {
            super(message);
        }
    }

    /** The client went away: the backend connection may still be mid-response and is discarded. */
    static final class ClientGoneException extends IOException {
        ClientGoneException(String message) {
            super(message);
        }
    }
}
