package dev.netlab.grade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.netlab.grade.engine.CaseResult;
import dev.netlab.grade.engine.GradeReport;
import dev.netlab.grade.engine.Outcome;
import dev.netlab.grade.exercise.CaseSpec;
import dev.netlab.grade.exercise.Exercise;
import dev.netlab.grade.exercise.Visibility;
import dev.netlab.grade.report.GradescopeReport;
import dev.netlab.grade.report.JUnitReport;
import dev.netlab.grade.report.JsonReport;
import dev.netlab.grade.report.MarkdownReport;
import dev.netlab.grade.report.PrairieLearnReport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every report format checked against its platform's field names and types (the facts in the
 * formats' own docs: Gradescope's specs, PrairieLearn's external grader, Ant/Surefire JUnit XML),
 * that the totals add up, and that hidden details stay hidden until the due date.
 */
@Timeout(30)
class ReportFormatsTest {
  static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
  static final String SECRET_DETAIL = "expected 0x41, got 0x42";

  static final Exercise EX = Solutions.exercise("tcp-echo-server");

  /** A run of three cases: a pass, a failure with a control byte in its output, a hidden one. */
  static GradeReport report(Optional<Instant> due) {
    CaseSpec a = spec("tcp_echo_one_line", "1.1", 2, Visibility.VISIBLE);
    CaseSpec b = spec("tcp_echo_1mib_byte_exact", "1.3", 3, Visibility.VISIBLE);
    CaseSpec c =
        spec("tcp_echo_client_killed_midway_server_survives", "1.6", 2, Visibility.AFTER_DUE_DATE);
    List<CaseResult> results =
        List.of(
            new CaseResult(a, Outcome.PASSED, "sent 6 bytes", "", Duration.ofMillis(12)),
            new CaseResult(
                b,
                Outcome.FAILED,
                "differs <at> & byte 4095",
                "log\u0001line",
                Duration.ofMillis(900)),
            new CaseResult(c, Outcome.TIMED_OUT, SECRET_DETAIL, "out", Duration.ofMillis(6000)));
    return new GradeReport(
        EX.withCases(List.of(a, b, c)),
        "alice",
        "0badcafe",
        START,
        Duration.ofMillis(7321),
        results,
        due,
        false,
        "whole output",
        List.of());
  }

  static CaseSpec spec(String name, String number, int points, Visibility v) {
    return new CaseSpec(name, number, points, Duration.ofSeconds(3), v, List.of(), Map.of());
  }

  @Test
  void gradescopeResultsHaveItsFieldsAndTypesAndTheScoresAddUp() throws Exception {
    Map<String, Object> m = JSON.std.mapFrom(GradescopeReport.write(report(Optional.empty())));
    assertThat(m).containsKeys("score", "execution_time", "output", "tests");
    assertThat(m.get("score")).isInstanceOf(Number.class);
    assertThat(((Number) m.get("execution_time")).doubleValue()).isEqualTo(7.321);
    assertThat(m.get("output")).isInstanceOf(String.class);
    List<?> tests = (List<?>) m.get("tests");
    assertThat(tests).hasSize(3);
    int sum = 0;
    for (Object o : tests) {
      @SuppressWarnings("unchecked")
      Map<String, Object> t = (Map<String, Object>) o;
      assertThat(t.keySet())
          .containsExactlyInAnyOrder(
              "name", "number", "score", "max_score", "status", "output", "visibility");
      assertThat(t.get("name")).isInstanceOf(String.class);
      assertThat(t.get("number")).isInstanceOf(String.class);
      assertThat(t.get("score")).isInstanceOf(Number.class);
      assertThat(t.get("max_score")).isInstanceOf(Number.class);
      assertThat(t.get("status")).isIn("passed", "failed");
      assertThat(t.get("visibility"))
          .isIn("visible", "hidden", "after_due_date", "after_published");
      sum += ((Number) t.get("score")).intValue();
    }
    assertThat(((Number) m.get("score")).intValue()).isEqualTo(sum).isEqualTo(2);
    Map<?, ?> hidden = (Map<?, ?>) tests.get(2);
    // Gradescope hides the test itself until the due date: the details go in full
    assertThat(hidden.get("visibility")).isEqualTo("after_due_date");
    assertThat((String) hidden.get("output")).contains(SECRET_DETAIL);
    assertThat(((Map<?, ?>) tests.get(1)).get("status")).isEqualTo("failed");
  }

  @Test
  void prairieLearnResultsScoreAFractionAndHideDetailsBeforeTheDueDate() throws Exception {
    Map<String, Object> m = JSON.std.mapFrom(PrairieLearnReport.write(report(Optional.empty())));
    assertThat(m.get("gradable")).isEqualTo(true);
    double score = ((Number) m.get("score")).doubleValue();
    assertThat(score).isBetween(0.0, 1.0).isEqualTo(2.0 / 7.0);
    List<?> tests = (List<?>) m.get("tests");
    int points = 0;
    int max = 0;
    for (Object o : tests) {
      @SuppressWarnings("unchecked")
      Map<String, Object> t = (Map<String, Object>) o;
      assertThat(t).containsKeys("name", "points", "max_points", "message", "output");
      points += ((Number) t.get("points")).intValue();
      max += ((Number) t.get("max_points")).intValue();
    }
    assertThat((double) points / max).isEqualTo(score);
    assertThat(PrairieLearnReport.write(report(Optional.empty()))).doesNotContain(SECRET_DETAIL);
    assertThat(PrairieLearnReport.write(report(Optional.of(START.minusSeconds(1)))))
        .contains(SECRET_DETAIL);
  }

  @Test
  void junitXmlParsesAndItsCountsAndPointsAddUp() throws Exception {
    String xml = JUnitReport.write(report(Optional.empty()));
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
    assertThat(suite.getAttribute("tests")).isEqualTo("3");
    assertThat(suite.getAttribute("failures")).isEqualTo("2");
    assertThat(suite.getAttribute("errors")).isEqualTo("0");
    assertThat(Double.parseDouble(suite.getAttribute("time"))).isEqualTo(7.321);
    NodeList cases = suite.getElementsByTagName("testcase");
    assertThat(cases.getLength()).isEqualTo(3);
    int points = 0;
    int failures = 0;
    for (int i = 0; i < cases.getLength(); i++) {
      Element tc = (Element) cases.item(i);
      assertThat(tc.getAttribute("classname")).isEqualTo("tcp-echo-server");
      Double.parseDouble(tc.getAttribute("time"));
      points += Integer.parseInt(property(tc, "points"));
      failures += tc.getElementsByTagName("failure").getLength();
    }
    assertThat(failures).isEqualTo(2);
    assertThat(points).isEqualTo(Integer.parseInt(property(suite, "score"))).isEqualTo(2);
    assertThat(property(suite, "max_score")).isEqualTo("7");
    Element failure = (Element) doc.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message")).isEqualTo("differs <at> & byte 4095");
    assertThat(failure.getTextContent()).contains("log\uFFFDline");
    assertThat(xml).doesNotContain(SECRET_DETAIL);
  }

  @Test
  void markdownAndJsonHideAfterDueDateDetailsUntilTheDueDate() throws Exception {
    assertThat(MarkdownReport.write(report(Optional.empty())))
        .contains("| 1.3 | `tcp_echo_1mib_byte_exact` | 0/3 | failed |")
        .contains("differs <at> & byte 4095")
        .doesNotContain(SECRET_DETAIL);
    Instant due = START.plusSeconds(3600);
    assertThat(MarkdownReport.write(report(Optional.of(due))))
        .contains("details hidden until " + due)
        .doesNotContain(SECRET_DETAIL);
    assertThat(MarkdownReport.write(report(Optional.of(START)))).contains(SECRET_DETAIL);
    Map<String, Object> json = JSON.std.mapFrom(JsonReport.write(report(Optional.empty())));
    assertThat(json.get("ok")).isEqualTo(false);
    assertThat(json.get("score")).isEqualTo(2);
    assertThat(json.get("max_score")).isEqualTo(7);
    assertThat(JsonReport.write(report(Optional.empty()))).doesNotContain(SECRET_DETAIL);
  }

  private static String property(Element parent, String name) {
    NodeList ps = parent.getElementsByTagName("property");
    for (int i = 0; i < ps.getLength(); i++) {
      Element p = (Element) ps.item(i);
      if (p.getAttribute("name").equals(name)) {
        return p.getAttribute("value");
      }
    }
    throw new AssertionError("no property " + name);
  }
}
