package dev.runbook.cli;
public final class RunbookCli { public static void main(String[] a) {} }
