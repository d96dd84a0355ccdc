package io.grantgate.admin;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Which subcommands a command line gets. picocli builds the model of every subcommand named in
 * {@code @Command(subcommands = ...)} before it parses anything (by reflection over each command's
 * fields, loading its options' types and converters), which costs a quick command a good part of
 * its time (bench/README.md, "Admin start-up"); the subcommands are therefore named here, by name,
 * and added as a command line needs them.
 */
final class CommandTree {

    private final Map<String, Class<?>> subcommands;
    private final Map<Class<?>, Map<String, Class<?>>> nested;

    /**
     * @param subcommands the top level's, by name, in the order {@code --help} lists them
     * @param nested the subcommands of those subcommands that keep them out of their annotation too
     */
    CommandTree(Map<String, Class<?>> subcommands, Map<Class<?>, Map<String, Class<?>>> nested) {
        this.subcommands = subcommands;
        this.nested = nested;
    }

    /** Every subcommand, all the way down. */
    void addAll(CommandLine root) {
        addAll(root, subcommands);
    }

    /**
     * What {@code args} need, so that the tree behaves as the whole one for them: at each level, the
     * subcommand they name (and so on down), or, when they name none (help, version, a usage error),
     * every subcommand as no more than its name and header, for the list of commands. {@code help
     * COMMAND}, and arguments that name a subcommand after an option, get the whole level.
     */
    void addNeeded(CommandLine root, List<String> args) {
        addNeeded(root, subcommands, args);
    }

    private void addNeeded(CommandLine parent, Map<String, Class<?>> level, List<String> args) {
        Class<?> named = args.isEmpty() ? null : level.get(args.getFirst());
        boolean namesOneLater = args.stream().skip(1).anyMatch(level::containsKey);
        if (named == CommandLine.HelpCommand.class || (named == null && namesOneLater)) {
            addAll(parent, level);
        } else if (named != null) {
            Map<String, Class<?>> below = nested.get(named);
            if (below == null) {
                parent.addSubcommand(args.getFirst(), named);
            } else {
                CommandLine child = new CommandLine(named, parent.getFactory());
                addNeeded(child, below, args.subList(1, args.size()));
                parent.addSubcommand(args.getFirst(), child);
            }
        } else {
            level.forEach((name, type) -> parent.addSubcommand(name, listed(name, type)));
        }
    }

    private void addAll(CommandLine parent, Map<String, Class<?>> level) {
        level.forEach((name, type) -> {
            Map<String, Class<?>> below = nested.get(type);
            if (below == null) {
                parent.addSubcommand(name, type);
            } else {
                CommandLine child = new CommandLine(type, parent.getFactory());
                addAll(child, below);
                parent.addSubcommand(name, child);
            }
        });
    }

    /** A subcommand as the list of commands shows it: its name and header, read from its annotation alone. */
    private static CommandLine.Model.CommandSpec listed(String name, Class<?> type) {
        Command command = type.getAnnotation(Command.class);
        CommandLine.Model.CommandSpec spec =
                CommandLine.Model.CommandSpec.create().name(name);
        spec.usageMessage().header(command.header()).description(command.description());
        return spec;
    }
}
