package dev.runbook.model;

import dev.runbook.diag.Position;
import java.util.List;
import java.util.Map;

/** A process to start: argv without shell parsing, or a script run by /bin/sh. */
public record ShellCommand(Position pos, List<Template> argv, String script, Map<String, Template> env,
                           int expectExit, String dir) {}
