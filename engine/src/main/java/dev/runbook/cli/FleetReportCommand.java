package dev.runbook.cli;

import dev.runbook.fleet.FleetIndex;
import dev.runbook.fleet.FleetMerge;
import dev.runbook.fleet.FleetReportWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Merges the folders of a sharded fleet run into the one fleet report (also re-renders one folder's report). */
@Command(name = "fleet-report", mixinStandardHelpOptions = true,
        description = {"Write one fleet report (HTML, JSON, Markdown, JUnit) from fleet run folders, e.g. the folders of",
                "the shards of run --fleet --shard I/N gathered from several machines. Exit code: the worst target's."})
final class FleetReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "Fleet run folders (each holds fleet.json).")
    List<Path> dirs;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the merged report goes (default: fleet-report).")
    Path out = Path.of("fleet-report");

    @Override
    public Integer call() throws IOException {
        FleetIndex merged = FleetMerge.merge(dirs, out);
        List<Path> written = FleetReportWriter.write(merged, out, out);
        merged.write(out);
        FleetCli.printSummary(spec, merged, out, written);
        return merged.exitCode() == null ? ExitCodes.FAILED : merged.exitCode();
    }
}
