package dev.runbook.exec;

import java.nio.file.Path;
import java.util.List;

/** Renders the reports of a finished run from its folder; returns the files written. */
@FunctionalInterface
public interface ReportPublisher {
    List<Path> publish(Path runDir) throws Exception;

    static ReportPublisher none() {
        return dir -> List.of();
    }
}
