package dev.netlab.grade.engine;

import java.util.Map;

/**
 * An exercise's checks, by case name. A new suite is made for every grading run, so a suite may
 * keep what several of its cases share (a client exercise's runs of the student's program).
 */
public interface ExerciseSuite {
  /** One case's check: returns on a pass (with what it saw), throws on anything else. */
  @FunctionalInterface
  interface Check {
    String run(CaseContext ctx) throws Exception;
  }

  /** Every case's check, by the case's name in the exercise file. */
  Map<String, Check> checks();

  /** The {@code LAB_*} variables every run of the student's program gets, besides host and port. */
  default Map<String, String> environment() {
    return Map.of();
  }
}
