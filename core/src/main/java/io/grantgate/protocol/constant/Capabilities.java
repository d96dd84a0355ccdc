package io.grantgate.protocol.constant;

import java.util.EnumSet;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A set of {@link CapabilityFlag}s as the 64 bits the wire carries (MariaDB's extension in the high
 * 32). Unknown bits are kept, so a set decoded from a peer encodes back unchanged.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/group__group__cs__capabilities__flags.html">Capabilities Flags</a>
 */
public record Capabilities(long bits) {

    public static final Capabilities NONE = new Capabilities(0);

    public static Capabilities of(CapabilityFlag... flags) {
        long bits = 0;
        for (CapabilityFlag flag : flags) {
            bits |= flag.mask();
        }
        return new Capabilities(bits);
    }

    /** The 32 MySQL bits and MariaDB's 32 extended bits, as they arrive in two fields. */
    public static Capabilities fromParts(int lower32, int mariaDbExtended) {
        return new Capabilities((lower32 & 0xFFFFFFFFL) | (long) mariaDbExtended << 32);
    }

    public boolean contains(CapabilityFlag flag) {
        return (bits & flag.mask()) != 0;
    }

    public boolean containsAll(Capabilities other) {
        return (bits & other.bits) == other.bits;
    }

    public Capabilities with(CapabilityFlag... flags) {
        return union(of(flags));
    }

    public Capabilities without(CapabilityFlag... flags) {
        return new Capabilities(bits & ~of(flags).bits);
    }

    public Capabilities union(Capabilities other) {
        return new Capabilities(bits | other.bits);
    }

    /** What both sides support: the negotiated capabilities. */
    public Capabilities intersect(Capabilities other) {
        return new Capabilities(bits & other.bits);
    }

    /** The 32 MySQL bits, for the int&lt;4&gt; capability fields. */
    public int toInt() {
        return (int) bits;
    }

    /** MariaDB's extended bits, shifted down. */
    public int mariaDbExtended() {
        return (int) (bits >>> 32);
    }

    /**
     * True when MariaDB's extended bits travel in the reserved bytes: the sender cleared
     * {@link CapabilityFlag#CLIENT_MYSQL}, which every MySQL peer sets.
     */
    public boolean carriesMariaDbExtension() {
        return !contains(CapabilityFlag.CLIENT_MYSQL);
    }

    public Set<CapabilityFlag> toSet() {
        EnumSet<CapabilityFlag> set = EnumSet.noneOf(CapabilityFlag.class);
        for (CapabilityFlag flag : CapabilityFlag.values()) {
            if (contains(flag)) {
                set.add(flag);
            }
        }
        return set;
    }

    @Override
    public String toString() {
        StringJoiner names = new StringJoiner(", ", "Capabilities[", "]");
        long known = 0;
        for (CapabilityFlag flag : toSet()) {
            names.add(flag.name());
            known |= flag.mask();
        }
        if ((bits & ~known) != 0) {
            names.add("0x" + Long.toHexString(bits & ~known));
        }
        return names.toString();
    }
}
