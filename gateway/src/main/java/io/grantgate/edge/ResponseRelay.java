package io.grantgate.edge;

import io.grantgate.protocol.PacketReader;
import io.grantgate.protocol.ResponseTracker;
import io.grantgate.protocol.constant.CommandType;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One command's response relayed from the backend to the client exactly as the command loop relays
 * it ({@link FrameRelay}), for code outside the gateway that measures it: the bench module's
 * FrameRelayBenchmark. The gateway itself uses FrameRelay. Only the backend-to-client direction:
 * a response that asks for the client's data (LOCAL INFILE) cannot be relayed through it.
 */
public final class ResponseRelay {

    private final FrameRelay relay = new FrameRelay();

    /** Relays the response to {@code command}, just forwarded to the backend, until the tracker says it ended. */
    public void relay(CommandType command, ResponseTracker tracker, PacketReader backendIn, OutputStream clientOut)
            throws IOException {
        relay.relay(command, tracker, backendIn, clientOut, null, OutputStream.nullOutputStream());
    }
}
