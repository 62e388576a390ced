package dev.runbook.validate;

import dev.runbook.diag.Diagnostic;
import dev.runbook.expr.Expressions;
import dev.runbook.diag.Diagnostics;
import dev.runbook.diag.InvalidInputException;
import dev.runbook.model.Action;
import dev.runbook.model.Runbook;
import dev.runbook.model.Step;
import dev.runbook.parse.PathGuard;
import dev.runbook.parse.RunbookBuilder;
import dev.runbook.parse.SourceSet;
import dev.runbook.parse.YNode;
import dev.runbook.parse.YamlJson;
import dev.runbook.parse.YamlLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs the validation phases in order (YAML, JSON Schema, model, semantics, lint) and gathers every
 * finding of the phases that ran. Later phases are skipped only when the file could not be read at all.
 */
public final class RunbookValidator {
    private final CompletableFuture<SchemaValidator> schema;
    private final Expressions expressions;

    /**
     * Loading the schema library and the JEXL engine dominates a cold start, so the schema side is built
     * on a second thread while this one reads the YAML; on two cores that is most of a cold validate.
     */
    public RunbookValidator() {
        this(new Expressions());
    }

    /** Shares the expression engine with the planner, which reads the same expressions again. */
    public RunbookValidator(Expressions expressions) {
        this.schema = CompletableFuture.supplyAsync(SchemaValidator::new);
        this.expressions = expressions;
    }

    public ValidatedRunbook validate(Path file, String displayName) {
        Diagnostics diagnostics = new Diagnostics();
        // Every file of this runbook is read once, here, and the plan uses the same bytes (and hashes them).
        SourceSet sources = new SourceSet();
        YNode root;
        try {
            root = YamlLoader.load(file, displayName, sources);
        } catch (InvalidInputException e) {
            return new ValidatedRunbook(null, Map.of(), e.diagnostics(), sources);
        }
        if (!(root instanceof YNode.YMap)) {
            diagnostics.error("RB103", root.pos(), "a runbook must be a mapping, found " + root.kindName(),
                    "start with version: 1, id: ..., steps: ...");
            return new ValidatedRunbook(null, Map.of(), diagnostics.sorted(), sources);
        }
        // The JSON view for the schema is built on the schema's thread too: the YAML tree is immutable.
        YNode parsed = root;
        CompletableFuture<List<Diagnostic>> schemaFindings = schema.thenApplyAsync(s -> s.validate(YamlJson.of(parsed)));
        Runbook runbook = new RunbookBuilder(diagnostics).build(root, file);
        Map<String, Fragment> fragments = loadFragments(runbook, sources, diagnostics);
        // Lint reads and splits SQL files; it needs only the model, so it runs beside the semantic checks.
        Diagnostics lintFindings = new Diagnostics();
        CompletableFuture<Void> lint = CompletableFuture.runAsync(() -> Linter.lint(runbook, fragments, sources, lintFindings),
                RunbookValidator::daemon);
        new SemanticValidator(expressions, sources).validate(runbook, fragments, diagnostics);
        join(lint);
        diagnostics.addAll(lintFindings.sorted());
        diagnostics.addAll(join(schemaFindings));
        return new ValidatedRunbook(runbook, Map.copyOf(fragments), diagnostics.sorted(), sources);
    }

    private Map<String, Fragment> loadFragments(Runbook runbook, SourceSet sources, Diagnostics diagnostics) {
        Map<String, Fragment> out = new LinkedHashMap<>();
        for (Step step : runbook.steps()) {
            if (!(step.action() instanceof Action.Include inc)) continue;
            PathGuard.Resolved r = sources.resolve(runbook.baseDir(), inc.file(), inc.pos(), "include file", PathGuard.Kind.FILE);
            if (!r.ok()) {
                diagnostics.add(r.problem());
                continue;
            }
            String display = displayOf(runbook, r.path());
            try {
                YNode root = YamlLoader.load(r.path(), display, sources);
                diagnostics.addAll(join(schema).validateFragment(YamlJson.of(root)));
                RunbookBuilder builder = new RunbookBuilder(diagnostics);
                Runbook fragmentBook = builder.build(root, r.path());
                if (!fragmentBook.preconditions().isEmpty() || !fragmentBook.targets().isEmpty()) {
                    diagnostics.add(Diagnostic.error("RB215", root.pos(), "an include fragment holds only params and steps",
                            "declare targets and preconditions in the including runbook"));
                }
                for (Step s : fragmentBook.steps()) {
                    if (s.action() instanceof Action.Include) {
                        diagnostics.add(Diagnostic.error("RB216", s.pos(), "includes do not nest",
                                "inline the inner fragment's steps, or include both from the runbook"));
                    }
                }
                out.put(step.id(), new Fragment(step.id(), r.path(), r.path().getParent(), fragmentBook.params(),
                        fragmentBook.steps()));
            } catch (InvalidInputException e) {
                e.diagnostics().forEach(diagnostics::add);
            }
        }
        return out;
    }

    /** A thread of its own: the common pool has one worker on two cores, and the schema check already holds it. */
    private static void daemon(Runnable task) {
        Thread t = new Thread(task, "runbook-lint");
        t.setDaemon(true);
        t.start();
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    static String displayOf(Runbook runbook, Path path) {
        String fileDisplay = runbook.pos().file();
        Path displayDir = Path.of(fileDisplay).getParent();
        Path rel = runbook.baseDir().relativize(path);
        return displayDir == null ? rel.toString() : displayDir.resolve(rel).toString();
    }
}
