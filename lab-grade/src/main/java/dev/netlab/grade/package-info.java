/**
 * Graded exercises: the exercises' definitions and pages ({@code exercise}), the black-box
 * autograder that runs a student's program against an exercise's cases ({@code engine}), each
 * exercise's cases ({@code tcpecho}, {@code udpping}), the report formats ({@code report}) and the
 * {@code lab grade} / {@code lab exercise} commands ({@code cli}).
 */
package dev.netlab.grade;
