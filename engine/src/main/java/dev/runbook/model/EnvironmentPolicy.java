package dev.runbook.model;

import dev.runbook.diag.Position;
import java.util.List;

/** Where a runbook may run and what that environment demands of an invocation. */
public record EnvironmentPolicy(String name, Position pos, String description, boolean production,
                                boolean requireTicket, String ticketPattern, List<String> requireApprovals,
                                boolean requireBackup, Gate destructive, Gate seed,
                                boolean requireMaintenanceWindow, boolean lintAsError, boolean requireLockTimeout) {}
