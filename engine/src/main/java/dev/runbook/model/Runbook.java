package dev.runbook.model;

import dev.runbook.diag.Position;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A parsed runbook: immutable, every node carrying its source position. */
public record Runbook(Path file, Path baseDir, Position pos, int version, String id, String title, String owner,
                      Template ticket, String description, Map<String, ParamSpec> params,
                      Map<String, EnvironmentPolicy> environments, Map<String, Target> targets, Defaults defaults,
                      List<Precondition> preconditions, List<Step> steps) {

    public String displayTitle() {
        return title == null ? id : title;
    }
}
