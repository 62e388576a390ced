package dev.runbook.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code runbook} command: validate, plan and run declarative runbooks. */
@Command(name = "runbook", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Declarative runbooks for database changes: validate, plan (dry run), run, report.",
        subcommands = {ValidateCommand.class, PlanCommand.class, RunCommand.class, ResumeCommand.class, HistoryCommand.class,
                ReportCommand.class,
                SchemaCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 run failed, 2 invalid input or usage,",
                "3 precondition not met, 4 rollback failed (manual action needed), 5 target locked by another run."})
public final class RunbookCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it with captured writers. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new RunbookCli());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }
}
