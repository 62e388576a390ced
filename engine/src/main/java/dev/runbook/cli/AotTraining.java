package dev.runbook.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The training run of JDK 24+'s AOT cache, not a user command: the launcher runs it once per build under
 * {@code -XX:AOTMode=record}. That mode records one process, so the commands a user runs (validate, plan, a run,
 * separated by {@code --}) are executed one after another in this one JVM, each exactly as {@code main} would run
 * it, and their exit codes are ignored (the training run fails its connection on purpose).
 */
public final class AotTraining {
    private AotTraining() {}

    public static void main(String[] args) {
        List<String> one = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--")) {
                train(one);
                one.clear();
            } else {
                one.add(a);
            }
        }
        train(one);
    }

    private static void train(List<String> command) {
        if (command.isEmpty()) return;
        String[] args = command.toArray(String[]::new);
        try {
            RunbookCli.forArgs(args).execute(args);
        } catch (RuntimeException e) {
            System.err.println("training command " + Arrays.toString(args) + ": " + e);
        }
    }
}
