package io.grantgate.protocol;

import io.grantgate.protocol.constant.Capabilities;
import io.grantgate.protocol.constant.CapabilityFlag;
import io.grantgate.protocol.constant.CommandType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** One annotated server response from src/test/resources/fixtures/protocol; see the README there. */
public record ExchangeFixture(
        String name, Capabilities capabilities, CommandType command, int status, int packets, List<Frame> frames) {

    /** A frame as it crosses the wire: header and payload. */
    public record Frame(boolean fromServer, byte[] bytes) {

        public int payloadLength() {
            return PacketHeader.lengthAt(bytes, 0);
        }

        public int sequenceId() {
            return bytes[3] & 0xFF;
        }

        public byte[] payload() {
            return Arrays.copyOfRange(bytes, PacketHeader.SIZE, bytes.length);
        }
    }

    private static final String DIRECTORY = "/fixtures/protocol";

    @Override
    public String toString() {
        return name;
    }

    public static Stream<ExchangeFixture> all() {
        try (Stream<Path> files =
                Files.list(Path.of(ExchangeFixture.class.getResource(DIRECTORY).toURI()))) {
            return files
                    .map(path -> path.getFileName().toString())
                    .filter(file -> file.endsWith(".exchange"))
                    .sorted()
                    .map(ExchangeFixture::load)
                    .toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ExchangeFixture load(String file) {
        try (InputStream in = ExchangeFixture.class.getResourceAsStream(DIRECTORY + "/" + file)) {
            return parse(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ExchangeFixture parse(String name, String text) {
        Capabilities capabilities = Capabilities.NONE;
        CommandType command = null;
        int status = -1;
        int packets = -1;
        List<Boolean> directions = new ArrayList<>();
        List<StringBuilder> hex = new ArrayList<>();
        for (String raw : text.split("\n")) {
            int comment = raw.indexOf('#');
            String line = comment < 0 ? raw : raw.substring(0, comment);
            if (line.isBlank()) {
                continue;
            }
            String trimmed = line.strip();
            if (Character.isWhitespace(line.charAt(0))) {
                hex.getLast().append(' ').append(trimmed);
            } else if (trimmed.startsWith("S ") || trimmed.startsWith("C ")) {
                directions.add(trimmed.charAt(0) == 'S');
                hex.add(new StringBuilder(trimmed.substring(2)));
            } else {
                String[] directive = trimmed.split(":\\s*", 2);
                switch (directive[0]) {
                    case "capabilities" ->
                        capabilities = Capabilities.of(Arrays.stream(directive[1].split("\\s+"))
                                .map(CapabilityFlag::valueOf)
                                .toArray(CapabilityFlag[]::new));
                    case "command" -> command = CommandType.valueOf(directive[1]);
                    case "status" -> status = Integer.decode(directive[1]);
                    case "packets" -> packets = Integer.parseInt(directive[1]);
                    default -> throw new IllegalArgumentException(name + ": unknown line " + raw);
                }
            }
        }
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < hex.size(); i++) {
            frames.add(new Frame(directions.get(i), Hex.bytes(hex.get(i).toString())));
        }
        check(name, frames);
        if (command == null || status < 0 || packets < 0) {
            throw new IllegalArgumentException(name + ": command, status and packets are required");
        }
        return new ExchangeFixture(name, capabilities, command, status, packets, List.copyOf(frames));
    }

    /** Every header's length matches its payload, and sequence ids count up from 1 after the command. */
    private static void check(String name, List<Frame> frames) {
        int sequence = 1;
        for (Frame frame : frames) {
            int payload = frame.bytes().length - PacketHeader.SIZE;
            if (payload < 0 || frame.payloadLength() != payload) {
                throw new IllegalArgumentException(name + ": header says " + (payload < 0 ? "?" : frame.payloadLength())
                        + " bytes, payload has " + payload + ": " + Hex.format(frame.bytes()));
            }
            if (frame.sequenceId() != sequence) {
                throw new IllegalArgumentException(
                        name + ": sequence id " + frame.sequenceId() + ", expected " + sequence);
            }
            sequence = PacketHeader.next(sequence);
        }
    }
}
