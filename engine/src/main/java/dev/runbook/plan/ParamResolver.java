package dev.runbook.plan;

import dev.runbook.diag.Diagnostics;
import dev.runbook.diag.Position;
import dev.runbook.model.Limits;
import dev.runbook.model.ParamSpec;
import dev.runbook.validate.ParamRules;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Turns --param / params-file / defaults into typed, checked values; every problem is reported at once. */
final class ParamResolver {
    private ParamResolver() {}

    static Map<String, ResolvedParam> resolve(Map<String, ParamSpec> specs, Invocation inv, Diagnostics d) {
        Map<String, ResolvedParam> out = new LinkedHashMap<>();
        for (String given : inv.params().keySet()) {
            if (!specs.containsKey(given)) {
                d.error("RB401", Position.of("--param " + given), "unknown param '" + given + "'",
                        specs.isEmpty() ? "this runbook declares no params" : "declared: " + String.join(", ", specs.keySet()));
            }
        }
        for (String given : inv.paramsFromFile().keySet()) {
            if (!specs.containsKey(given)) {
                d.error("RB401", Position.of(inv.paramsFileName()), "unknown param '" + given + "'",
                        specs.isEmpty() ? "this runbook declares no params" : "declared: " + String.join(", ", specs.keySet()));
            }
        }
        for (ParamSpec p : specs.values()) {
            String value;
            String source;
            Position at;
            if (inv.params().containsKey(p.name())) {
                value = inv.params().get(p.name());
                source = "command line";
                at = Position.of("--param " + p.name());
            } else if (inv.paramsFromFile().containsKey(p.name())) {
                value = inv.paramsFromFile().get(p.name());
                source = inv.paramsFileName();
                at = Position.of(inv.paramsFileName());
            } else if (p.defaultValue() != null) {
                value = p.defaultValue();
                source = "default";
                at = p.pos();
            } else {
                if (p.required()) {
                    d.error("RB402", p.pos(), "missing required param '" + p.name() + "'",
                            "pass --param " + p.name() + "=..." + (p.description() == null ? "" : " (" + p.description() + ")"));
                }
                continue;
            }
            String problem = ParamRules.check(p, value);
            if (problem != null) {
                String shown = p.secret() ? "******" : value;
                d.error("RB403", at, "param '" + p.name() + "' " + problem + " (given '" + shown + "')",
                        p.description() == null ? null : p.description());
                continue;
            }
            // A short default is validate's warning already (Linter); here the values given for this run.
            if (p.secret() && !source.equals("default") && value.length() < Limits.MIN_SECRET_LENGTH) {
                d.warning("RB313", at, "secret param '" + p.name() + "' is shorter than " + Limits.MIN_SECRET_LENGTH
                        + " characters: weak, and masking it hides every occurrence of those characters in the output",
                        "use a longer secret");
            }
            out.put(p.name(), new ResolvedParam(p.name(), p.type().name().toLowerCase(Locale.ROOT),
                    ParamRules.typed(p, value), p.secret(), source));
        }
        return out;
    }
}
