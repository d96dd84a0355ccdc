package io.grantgate.bench.netfuzz;

import java.util.List;

/**
 * One mutated session, everything it will do derived from its seed: which recording, whether it logs
 * in for real first (then the parts are the recorded command phase) or replays the recorded login
 * too, the mutations applied, the parts to send and how.
 *
 * @param login the recorded HandshakeResponse41 a real login reuses, or null when the login is replayed as recorded
 */
record SessionPlan(
        long seed,
        String recording,
        HandshakeResponse login,
        List<String> mutations,
        List<Part> parts,
        Delivery delivery) {

    boolean authenticated() {
        return login != null;
    }

    String describe() {
        return String.format(
                "seed %s: %s, %s, mutations %s, %s",
                Long.toUnsignedString(seed, 16),
                recording,
                authenticated() ? "logged in" : "recorded login",
                mutations.isEmpty() ? "none" : String.join(" ", mutations),
                delivery);
    }
}
