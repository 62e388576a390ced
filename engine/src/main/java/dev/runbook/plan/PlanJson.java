package dev.runbook.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runbook.diag.Diagnostic;
import dev.runbook.parse.Durations;
import java.time.Duration;

/**
 * The machine-readable dry run (shape documented in dsl-schema/plan.schema.json, {@code plan_version} 1).
 * Every string passes through the secret masker.
 */
public final class PlanJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PlanJson() {}

    public static String render(Plan plan, SecretMasker masker) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("plan_version", plan.planVersion());
        root.put("plan_hash", plan.hash());
        ObjectNode rb = root.putObject("runbook");
        rb.put("id", plan.runbookId());
        rb.put("title", plan.title());
        rb.put("owner", plan.owner());
        rb.put("file", plan.runbookFile());
        rb.put("checksum", plan.runbookChecksum());
        root.put("environment", plan.environment());
        root.put("production", plan.production());
        root.put("ticket", masker.mask(plan.ticket()));
        ObjectNode params = root.putObject("params");
        plan.params().values().forEach(p -> params.put(p.name(), p.secret() ? SecretMasker.MASK : masker.mask(String.valueOf(p.value()))));
        ArrayNode targets = root.putArray("targets");
        plan.targets().values().forEach(t -> targets.addObject().put("name", t.name()).put("engine", t.engine())
                .put("display", masker.mask(t.display())).put("overridden", t.overridden()));
        ArrayNode policies = root.putArray("policies");
        plan.policies().forEach(p -> policies.addObject().put("name", p.name()).put("satisfied", p.satisfied())
                .put("detail", masker.mask(p.detail())));
        ArrayNode pres = root.putArray("preconditions");
        for (PlannedPrecondition p : plan.preconditions()) {
            ObjectNode o = pres.addObject();
            o.put("index", p.index()).put("name", p.name()).put("kind", p.kind().word()).put("target", p.target())
                    .put("text", masker.mask(p.preview())).put("expect", p.expect())
                    .put("on_fail", p.onFail().name().toLowerCase(java.util.Locale.ROOT))
                    .put("evaluated", "at run time").put("position", p.pos().toString());
        }
        ArrayNode steps = root.putArray("steps");
        for (PlannedStep s : plan.steps()) {
            ObjectNode o = steps.addObject();
            o.put("index", s.index()).put("id", s.id()).put("title", s.title()).put("kind", s.kind())
                    .put("target", s.target()).put("position", s.pos().toString());
            o.put("decision", s.decision().word());
            if (s.decision() instanceof Decision.Skip skip) o.put("reason", skip.reason());
            o.put("when", s.when()).put("expect", s.expect());
            o.put("text", masker.mask(s.action().preview()));
            if (s.action() instanceof PlannedAction.Sql sql) {
                o.put("file", sql.sql().file()).put("transaction", sql.sql().transaction());
                if (sql.sql().expectAffected() != null) o.put("expect_affected", sql.sql().expectAffected());
            }
            o.put("on_failure", s.onFailure().word());
            ObjectNode retry = o.putObject("retry");
            retry.put("attempts", s.retry().attempts()).put("delay", human(s.retry().delay())).put("backoff", s.retry().backoff());
            o.put("timeout", human(s.timeout()));
            o.put("once", s.once()).put("backup", s.backup()).put("destructive", s.destructive()).put("seed", s.seed())
                    .put("mutating", s.mutating()).put("checksum", s.checksum());
            if (s.rollback() == null) {
                o.putNull("rollback");
            } else {
                o.putObject("rollback").put("kind", s.rollback().action().kind()).put("target", s.rollback().target())
                        .put("text", masker.mask(s.rollback().action().preview())).put("after_failure", s.rollback().afterFailure());
            }
            ArrayNode notes = o.putArray("notes");
            s.notes().forEach(notes::add);
        }
        ArrayNode warnings = root.putArray("warnings");
        for (Diagnostic d : plan.warnings()) {
            warnings.addObject().put("code", d.code()).put("severity", d.severity().label())
                    .put("position", d.position().toString()).put("message", masker.mask(d.message())).put("hint", d.hint());
        }
        ArrayNode files = root.putArray("files");
        plan.files().forEach(f -> files.addObject().put("path", f.path()).put("sha256", f.sha256()));
        try {
            return MAPPER.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String human(Duration d) {
        return d == null ? null : Durations.human(d);
    }
}
