package io.grantgate.edge;

import io.grantgate.protocol.ExchangeFixture;
import io.grantgate.protocol.ExchangeFixture.Frame;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * One command of a relay test's script: the frame the client sends, whether the gateway must pass
 * it to the backend (or answer it itself), and the frames of the exchange that follows, as they
 * cross the wire: the server's (the backend's, or the gateway's own answer) and, during LOCAL INFILE,
 * the client's.
 */
record RelayStep(String name, byte[] command, boolean toBackend, List<Frame> frames) {

    static final byte[] QUIT = Wire.frame(0, new byte[] {0x01});

    /** A fixture's exchange after a command of its type. */
    static RelayStep relayed(ExchangeFixture fixture, int n) {
        return relayed(fixture.name(), RelayFixtures.command(fixture.command(), n), fixture.frames());
    }

    static RelayStep relayed(String name, byte[] payload, List<Frame> frames) {
        return new RelayStep(name, Wire.frame(0, payload), true, frames);
    }

    /** A command the backend does not answer (COM_STMT_SEND_LONG_DATA, COM_STMT_CLOSE). */
    static RelayStep unanswered(String name, byte[] payload) {
        return relayed(name, payload, List.of());
    }

    /** A command the gateway answers itself with one packet; the backend must not see it. */
    static RelayStep answered(String name, byte[] payload, byte[] reply) {
        return new RelayStep(name, Wire.frame(0, payload), false, List.of(new Frame(true, Wire.frame(1, reply))));
    }

    boolean answeredAtAll() {
        return frames.stream().anyMatch(Frame::fromServer);
    }

    boolean hasClientFrames() {
        return frames.stream().anyMatch(frame -> !frame.fromServer());
    }

    /** The frames in runs of one direction each, in order: server, client (LOCAL INFILE), server. */
    List<Run> runs() {
        List<Run> runs = new java.util.ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < frames.size(); i++) {
            bytes.writeBytes(frames.get(i).bytes());
            boolean server = frames.get(i).fromServer();
            if (i + 1 == frames.size() || frames.get(i + 1).fromServer() != server) {
                runs.add(new Run(server, bytes.toByteArray()));
                bytes.reset();
            }
        }
        return runs;
    }

    /** Frames of one direction in a row. */
    record Run(boolean fromServer, byte[] bytes) {}

    @Override
    public String toString() {
        return name;
    }
}
