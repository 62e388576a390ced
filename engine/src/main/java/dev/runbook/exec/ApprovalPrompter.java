package dev.runbook.exec;

import java.util.List;

/** Asks a person at an interactive console to approve a step; supplied by the command line. */
public interface ApprovalPrompter {
    /**
     * Shows the prompt and what follows the approval, and waits for an answer.
     * @return true when the operator typed yes
     */
    boolean approve(String stepId, String prompt, List<String> whatFollows);
}
