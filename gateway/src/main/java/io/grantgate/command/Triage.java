package io.grantgate.command;

import io.grantgate.protocol.constant.CommandType;
import io.grantgate.protocol.message.server.ErrPacket;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

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
     * KILL of a gateway connection id, the one its greeting gave the client (as {@code KILL [QUERY] n}
     * or COM_PROCESS_KILL): it means nothing to the backend, so the gateway answers it.
     */
    record Kill(long connectionId, boolean queryOnly) implements Triage {}

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
