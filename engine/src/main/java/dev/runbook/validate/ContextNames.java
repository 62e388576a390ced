package dev.runbook.validate;

import com.fasterxml.jackson.databind.JsonNode;

/** Names the place a JSON pointer lands in words a runbook author uses ("step 'migrate'", "target 'app'"). */
final class ContextNames {
    private ContextNames() {}

    static String describe(String ptr, JsonNode root) {
        String[] parts = ptr.isEmpty() ? new String[0] : ptr.substring(1).split("/");
        if (parts.length == 0) return "the runbook";
        switch (parts[0]) {
            case "steps": {
                if (parts.length < 2) return "steps";
                String id = root.path("steps").path(index(parts[1])).path("id").asText(null);
                String step = id == null ? "step " + (index(parts[1]) + 1) : "step '" + id + "'";
                if (parts.length >= 3 && parts[2].equals("rollback")) return "the rollback of " + step;
                if (parts.length >= 4 && parts[2].equals("assert")) return "check " + (index(parts[3]) + 1) + " of " + step;
                if (parts.length >= 3 && !parts[2].matches("\\d+")) {
                    return parts.length == 3 ? step : "'" + parts[2] + "' of " + step;
                }
                return step;
            }
            case "preconditions":
                return parts.length < 2 ? "preconditions" : "precondition " + (index(parts[1]) + 1);
            case "targets":
                return parts.length < 2 ? "targets" : "target '" + parts[1] + "'";
            case "params":
                return parts.length < 2 ? "params" : "param '" + parts[1] + "'";
            case "environments":
                return parts.length < 2 ? "environments" : "environment '" + parts[1] + "'";
            case "defaults":
                return "defaults";
            default:
                return "the runbook";
        }
    }

    private static int index(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
