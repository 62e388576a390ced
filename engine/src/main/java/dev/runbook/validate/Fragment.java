package dev.runbook.validate;

import dev.runbook.model.ParamSpec;
import dev.runbook.model.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The steps of an included file, with the params it declares; inlined by the planner. */
public record Fragment(String includeStepId, Path file, Path baseDir, Map<String, ParamSpec> params, List<Step> steps) {}
