package io.grantgate.bench.netfuzz;

/**
 * One piece of a recorded client stream: a whole frame, header included, or for {@link Phase#TLS}
 * the bytes of one read.
 */
public record RecordedPacket(Phase phase, byte[] bytes) {}
