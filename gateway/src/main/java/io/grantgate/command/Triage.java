package io.grantgate.command;

import io.grantgate.protocol.constant.CommandType;
import io.grantgate.protocol.message.server.ErrPacket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongUnaryOperator;

/**
 * What the gateway does with one client command of the command phase, as {@link CommandTriage}
 * decides it from the command's bytes. A relay loop carries out {@link Relay} and {@link Quit}
 * itself and hands every other decision to the session's thread, which carries out all of them: so
 * each rule is written once, and a new kind of decision must be placed on both paths (the switches
 * over this type are exhaustive).
 */
public sealed interface Triage {

    /** Forward the command as it came and relay the backend's response. */
    record Relay(CommandType type) implements Triage {

        private static final Map<CommandType, Relay> EACH = new EnumMap<>(CommandType.class);

        static {
            for (CommandType type : CommandType.values()) {
                EACH.put(type, new Relay(type));
            }
        }

        public Relay {
            Objects.requireNonNull(type, "type");
        }

        /** One instance per type: the triage runs for every command, so it allocates nothing. */
        static Relay of(CommandType type) {
            return EACH.get(type);
        }
    }

    /** COM_QUIT: the session ends; the backend connection is the gateway's and stays open. */
    record Quit() implements Triage {}

    /** COM_CHANGE_USER: the session authenticates the new account itself and moves to its backend connection. */
    record ChangeUser() implements Triage {}

    /**
     * A KILL that is the only statement ({@code KILL [QUERY] n}, {@code KILL CONNECTION_ID()}) or
     * COM_PROCESS_KILL: the gateway resolves the id among its sessions and answers it.
     */
    record Kill(KillTarget target, boolean queryOnly) implements Triage {

        public Kill {
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * A multi-statement with KILLs by id: relayed by the session's thread once each gateway id in
     * {@code ids} that names a session of the same account is replaced by the backend connection id
     * that session holds ({@link #rewrite}), or refused whole when one names another account's session;
     * any other id goes as written, for the backend to judge.
     */
    record KillsInBatch(List<KillId> ids) implements Triage {

        public KillsInBatch {
            ids = List.copyOf(ids);
        }

        /**
         * The payload (command byte first, {@code length} bytes at {@code offset}) with each id replaced
         * by what {@code backendIdOf} gives for it; an id it gives back unchanged stays as written.
         */
        public byte[] rewrite(byte[] bytes, int offset, int length, LongUnaryOperator backendIdOf) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(length + ids.size() * 4);
            int copied = 0;
            for (KillId id : ids) {
                out.write(bytes, offset + copied, id.offset() - copied);
                long replaced = backendIdOf.applyAsLong(id.id());
                if (replaced == id.id()) {
                    out.write(bytes, offset + id.offset(), id.length());
                } else {
                    out.writeBytes(Long.toString(replaced).getBytes(StandardCharsets.US_ASCII));
                }
                copied = id.offset() + id.length();
            }
            out.write(bytes, offset + copied, length - copied);
            return out.toByteArray();
        }
    }

    /**
     * A password statement the gateway carries out itself ({@link PasswordChange}): the account's
     * verifier in the catalog is replaced; nothing reaches the backend, whose account keeps the
     * password the gateway derives for it.
     */
    record ChangePassword(PasswordChange change) implements Triage {

        public ChangePassword {
            Objects.requireNonNull(change, "change");
        }
    }

    /**
     * {@code PREPARE s FROM @name} or {@code EXECUTE IMMEDIATE @name}, alone: what it runs is the
     * variable's value, which only the backend holds. The session's thread reads it there first
     * ({@link #valueQuery}, one extra round trip for this rare form; the session is serialised, so
     * nothing changes the variable in between) and relays the command unless {@link #refusal} finds a
     * password statement in it, as in a literal.
     *
     * @param variable the user variable's name, unquoted
     */
    record PrepareFromVariable(String variable) implements Triage {

        public PrepareFromVariable {
            Objects.requireNonNull(variable, "variable");
        }

        /**
         * Whether the variable is NULL, and its value as hexadecimal UTF-8: hexadecimal, so that the
         * session's {@code character_set_results} cannot change what is read.
         */
        public String valueQuery() {
            String name = "@`" + variable.replace("`", "``") + "`";
            return "SELECT " + name + " IS NULL, HEX(CONVERT(" + name + " USING utf8mb4))";
        }

        /**
         * The refusal for the row {@link #valueQuery} gave (its two values as text, null for SQL NULL),
         * or empty to relay the command: a NULL variable is relayed for the backend to answer.
         */
        public Optional<Refuse> refusal(List<String> row) {
            if (row.size() != 2 || row.get(0) == null) {
                return Optional.of(refused("PREPARE or EXECUTE IMMEDIATE of a variable the gateway could not read"));
            }
            if (!row.get(0).equals("0")) {
                return Optional.empty();
            }
            String hex = row.get(1);
            if (hex == null || hex.length() % 2 != 0) {
                // HEX() gives NULL for a value longer than max_allowed_packet once doubled
                return Optional.of(refused("PREPARE or EXECUTE IMMEDIATE of a variable the gateway could not read"));
            }
            byte[] text;
            try {
                text = HexFormat.of().parseHex(hex);
            } catch (IllegalArgumentException e) {
                return Optional.of(refused("PREPARE or EXECUTE IMMEDIATE of a variable the gateway could not read"));
            }
            return PasswordStatement.ofVariableValue(text) instanceof PasswordStatement.Refused refused
                    ? Optional.of(CommandTriage.refusedPassword(refused))
                    : Optional.empty();
        }

        private static Refuse refused(String what) {
            return CommandTriage.refusedPassword(new PasswordStatement.Refused(what));
        }
    }

    /** Answered by the gateway with this error; nothing reaches the backend. */
    record Refuse(ErrPacket error, String reason) implements Triage {

        public Refuse {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(reason, "reason");
        }
    }

    Quit QUIT = new Quit();
    ChangeUser CHANGE_USER = new ChangeUser();
}
