package dev.runbook.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code runbook} command: validate, plan and run declarative runbooks. */
@Command(name = "runbook", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Declarative runbooks for database changes: validate, plan (dry run), run, report.",
        footer = {"", "Exit codes: 0 success, 1 run failed, 2 invalid input or usage, 3 precondition not met, 4 rollback failed"
                + " (manual action needed), 5 target locked by another run, 6 waiting for an approval (runbook approve"
                + " RUN_ID STEP, then runbook resume RUN_ID)."})
public final class RunbookCli {
    @Spec
    CommandSpec spec;

    /** Plain output everywhere, also on a terminal; picocli already honours NO_COLOR and a pipe. */
    @Option(names = "--no-color", scope = ScopeType.INHERIT, description = "No colour, also on a terminal (as NO_COLOR=1).")
    void noColor(boolean off) {
        if (off) spec.commandLine().setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    }

    @CommandLine.Option(names = ErrorHandler.DEBUG, scope = CommandLine.ScopeType.INHERIT,
            description = "On an internal error (a bug), print its stack trace.")
    boolean debug;

    /** Every subcommand, in the order --help lists them. */
    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("validate", ValidateCommand::new);
        COMMANDS.put("plan", PlanCommand::new);
        COMMANDS.put("run", RunCommand::new);
        COMMANDS.put("resume", ResumeCommand::new);
        COMMANDS.put("approve", ApproveCommand::new);
        COMMANDS.put("history", HistoryCommand::new);
        COMMANDS.put("report", ReportCommand::new);
        COMMANDS.put("fleet-report", FleetReportCommand::new);
        COMMANDS.put("schema", SchemaCommand::new);
        COMMANDS.put("completion", CompletionCommand::new);
        COMMANDS.put("help", RunbookCli::helpCommand);
    }

    /**
     * Not {@code CommandLine.HelpCommand::new}: picocli is Java 5 bytecode, which JDK 25's AOT cache cannot link
     * ahead of time, so it leaves HelpCommand out; a method reference to it would be archived as a resolved call
     * site naming that left-out class, and the cache dump crashes (archiveHeapWriter.cpp:757). This method's
     * handle names only RunbookCli.
     */
    private static Object helpCommand() {
        return new CommandLine.HelpCommand();
    }

    /** The version options; {@code main} builds no subcommand for a command line that is only one of them. */
    private static final java.util.Set<String> VERSION_ONLY = java.util.Set.of("-V", "--version");

    public static void main(String[] args) {
        System.exit(forArgs(args).execute(args));
    }

    /** The command line {@code main} runs these arguments on: only what they need is built. */
    static CommandLine forArgs(String[] args) {
        String first = args.length > 0 ? args[0] : null;
        // --version followed by more words gets the whole tree, so picocli judges the rest as it always did.
        if (args.length > 1 && VERSION_ONLY.contains(first)) first = null;
        return commandLine(first);
    }

    /** The configured command line with every subcommand; tests call {@code execute} on it with captured writers. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * With {@code only} naming a subcommand, just that one is built: picocli reflects over every command it is
     * given, which was a quarter of a small run's start-up. Anything else (help, a typo) gets the whole tree.
     */
    static CommandLine commandLine(String only) {
        CommandLine cl = new CommandLine(new RunbookCli());
        // help and completion describe the whole tree; a lone --version prints one line and needs none of it.
        if (only != null && COMMANDS.containsKey(only) && !only.equals("help") && !only.equals("completion")) {
            cl.addSubcommand(only, COMMANDS.get(only).get());
        } else if (!VERSION_ONLY.contains(String.valueOf(only))) {
            COMMANDS.forEach((name, make) -> cl.addSubcommand(name, make.get()));
        }
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(new UsageErrorHandler());
        // picocli hands only Exceptions to the handler; an Error (a stack overflow) would escape with its trace.
        cl.setExecutionStrategy(parsed -> {
            try {
                return new CommandLine.RunLast().execute(parsed);
            } catch (StackOverflowError | OutOfMemoryError | LinkageError | AssertionError e) {
                return ErrorHandler.bug(e, parsed.commandSpec().commandLine(), parsed);
            }
        });
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }
}
