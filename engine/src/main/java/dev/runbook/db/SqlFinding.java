package dev.runbook.db;

/**
 * A lint finding about SQL, at the statement's first token (1-based, in the analysed script).
 *
 * @param code    the stable RB code
 * @param message what the statement does and why it hurts
 * @param hint    the safe rewrite
 */
public record SqlFinding(String code, int line, int column, String message, String hint) {}
