package io.grantgate.edge;

import io.grantgate.protocol.ErrAccountRewrite;
import io.grantgate.protocol.PacketHeader;
import io.grantgate.protocol.PacketReader;
import io.grantgate.protocol.ResponseTracker;
import io.grantgate.protocol.constant.CommandType;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Moves one command's response from the backend to the client as raw frames, never decoding rows:
 * each frame's header is re-encoded as it came and its payload copied in pieces through a buffer
 * borrowed for the response ({@link RelayBuffers}), so a session holds no more than that whatever
 * the row size, and none while idle; a slow client slows the backend read instead of filling memory.
 * The tracker looks only at each packet's first bytes to know when the response ends. The client stream is flushed once, at the end of the response (or
 * whenever its buffer fills), not per packet. During LOCAL INFILE the client's frames go the other way.
 * The ERR that ends a response is the one packet that may go out changed: with the session's
 * account in place of the backend account ({@link ErrAccountRewrite}), its frame rebuilt with the
 * new length; it is read whole before any of it is written, which an ERR's size allows.
 */
final class FrameRelay {

    private final byte[] header = new byte[PacketHeader.SIZE];
    private final RelayBuffers buffers;
    private final ErrAccountRewrite errors;
    /**
     * The client's packet sequence ids do not count: with the compressed protocol a server checks the
     * compressed ids and ignores the packets' own (MariaDB Connector/J numbers LOCAL INFILE packets
     * after its compressed ids), so the client's frames go on with the ids the backend expects.
     */
    private final boolean renumberClientFrames;
    /** Bytes written to the client, and LOCAL INFILE bytes the client sent, over every response relayed. */
    private long toClient;

    private long fromClient;

    FrameRelay() {
        this(RelayBuffers.SHARED, ErrAccountRewrite.NONE);
    }

    FrameRelay(ErrAccountRewrite errors) {
        this(RelayBuffers.SHARED, errors);
    }

    FrameRelay(RelayBuffers buffers, ErrAccountRewrite errors) {
        this(buffers, errors, false);
    }

    FrameRelay(RelayBuffers buffers, ErrAccountRewrite errors, boolean renumberClientFrames) {
        this.buffers = buffers;
        this.errors = errors;
        this.renumberClientFrames = renumberClientFrames;
    }

    /** Relays the response to {@code command}, just forwarded to the backend, until the tracker says it ended. */
    void relay(
            CommandType command,
            ResponseTracker tracker,
            PacketReader backendIn,
            OutputStream clientOut,
            PacketReader clientIn,
            OutputStream backendOut)
            throws IOException {
        // taken from the shared buffers for this one response, then given back
        byte[] chunk = buffers.take();
        try {
            relayResponse(command, tracker, backendIn, clientOut, clientIn, backendOut, chunk);
        } finally {
            buffers.give(chunk);
        }
    }

    private void relayResponse(
            CommandType command,
            ResponseTracker tracker,
            PacketReader backendIn,
            OutputStream clientOut,
            PacketReader clientIn,
            OutputStream backendOut,
            byte[] chunk)
            throws IOException {
        ResponseTracker.Next next = tracker.begin(command);
        while (next != ResponseTracker.Next.DONE) {
            if (next == ResponseTracker.Next.SERVER) {
                int length;
                try {
                    length = backendIn.beginFrame();
                } catch (IOException e) {
                    throw BackendGoneException.reading(e);
                }
                if (length < 0) {
                    throw new BackendGoneException("the backend closed the connection mid-response");
                }
                // read before the header goes out: an ERR may leave with another length
                int first = Math.min(length, chunk.length);
                readPayload(backendIn, true, chunk, first);
                // all of the frame read so far: an OK's session-state information is at its end
                next = tracker.onServerFrame(length, backendIn.frameSequenceId(), chunk, 0, first);
                byte[] rewritten = first == length && tracker.endedInError() ? errors.rewrite(chunk, 0, length) : null;
                if (rewritten != null) {
                    writeFrame(backendIn.frameSequenceId(), rewritten, rewritten.length, clientOut);
                    toClient += PacketHeader.SIZE + rewritten.length;
                } else {
                    writeFrame(backendIn.frameSequenceId(), length, chunk, first, clientOut);
                    copyRest(backendIn, true, length - first, clientOut, chunk);
                    toClient += PacketHeader.SIZE + length;
                }
            } else {
                clientOut.flush();
                int length = clientIn.beginFrame();
                if (length < 0) {
                    throw new ClientGoneException("the client closed the connection during LOCAL INFILE");
                }
                int sequenceId = renumberClientFrames && tracker.expectedClientSequenceId() >= 0
                        ? tracker.expectedClientSequenceId()
                        : clientIn.frameSequenceId();
                // checked before any of it goes on: a frame out of order would leave the backend waiting
                next = tracker.onClientFrame(length, sequenceId);
                int first = copyFirst(clientIn, sequenceId, length, backendOut, chunk);
                copyRest(clientIn, false, length - first, backendOut, chunk);
                fromClient += PacketHeader.SIZE + length;
                if (next != ResponseTracker.Next.CLIENT) {
                    backendOut.flush();
                }
            }
        }
        clientOut.flush();
    }

    long bytesToClient() {
        return toClient;
    }

    long bytesFromClient() {
        return fromClient;
    }

    /** Writes a client frame's header, with {@code sequenceId}, and its first piece; returns the piece's length. */
    private int copyFirst(PacketReader in, int sequenceId, int length, OutputStream out, byte[] chunk)
            throws IOException {
        int first = Math.min(length, chunk.length);
        readPayload(in, false, chunk, first);
        writeFrame(sequenceId, length, chunk, first, out);
        return first;
    }

    /** A whole frame of {@code length} bytes whose payload is {@code payload}. */
    private void writeFrame(int sequenceId, byte[] payload, int length, OutputStream out) throws IOException {
        writeFrame(sequenceId, length, payload, length, out);
    }

    /** A frame's header, for a payload of {@code length} bytes, and the first {@code first} of them. */
    private void writeFrame(int sequenceId, int length, byte[] payload, int first, OutputStream out)
            throws IOException {
        PacketHeader.encode(length, sequenceId, header, 0);
        out.write(header);
        out.write(payload, 0, first);
    }

    private void copyRest(PacketReader in, boolean fromBackend, int remaining, OutputStream out, byte[] chunk)
            throws IOException {
        while (remaining > 0) {
            int piece = Math.min(remaining, chunk.length);
            readPayload(in, fromBackend, chunk, piece);
            out.write(chunk, 0, piece);
            remaining -= piece;
        }
    }

    /** A failed read of the backend is the backend's doing, whatever the socket said (reset, EOF mid-frame). */
    private static void readPayload(PacketReader in, boolean fromBackend, byte[] chunk, int length) throws IOException {
        if (!fromBackend) {
            in.readFramePayload(chunk, 0, length);
            return;
        }
        try {
            in.readFramePayload(chunk, 0, length);
        } catch (IOException e) {
            throw BackendGoneException.reading(e);
        }
    }

    /** The backend went away or broke the protocol: the session ends, the connection is discarded. */
    static final class BackendGoneException extends IOException {
        BackendGoneException(String message) {
            super(message);
        }

        private BackendGoneException(String message, IOException cause) {
            super(message, cause);
        }

        /** A read of the backend failed mid-response. */
        static BackendGoneException reading(IOException cause) {
            return cause instanceof BackendGoneException gone
                    ? gone
                    : new BackendGoneException(
                            "the backend closed the connection mid-response: " + cause.getMessage(), cause);
        }

        /** A command could not be written to the backend. */
        static BackendGoneException writing(IOException cause) {
            return new BackendGoneException("the backend closed the connection: " + cause.getMessage(), cause);
        }
    }

    /** The client went away: the backend connection may still be mid-response and is discarded. */
    static final class ClientGoneException extends IOException {
        ClientGoneException(String message) {
            super(message);
        }
    }
}
