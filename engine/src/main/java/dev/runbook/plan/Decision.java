package dev.runbook.plan;

/** Whether a planned item runs: decided now, or only at run time because it reads earlier results. */
public sealed interface Decision permits Decision.Run, Decision.Skip, Decision.AtRunTime {
    String word();

    record Run() implements Decision {
        public String word() { return "run"; }
    }

    record Skip(String reason) implements Decision {
        public String word() { return "skip"; }
    }

    record AtRunTime(String expression) implements Decision {
        public String word() { return "decided at run time"; }
    }
}
