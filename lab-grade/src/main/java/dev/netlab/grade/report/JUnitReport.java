package dev.netlab.grade.report;

import dev.netlab.grade.engine.CaseResult;
import dev.netlab.grade.engine.GradeReport;
import dev.netlab.grade.engine.Outcome;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * JUnit XML (the Ant/Surefire shape every CI reads): one {@code testsuite} per run, one {@code
 * testcase} per case with {@code failure} (wrong behaviour, timeout) or {@code error} (the program
 * could not take part, the machine lacks something); points as {@code properties}. Hidden details
 * stay hidden until due, as in every student-facing format.
 */
public final class JUnitReport {
  private JUnitReport() {}

  public static String write(GradeReport r) {
    try {
      Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
      Element suites = doc.createElement("testsuites");
      doc.appendChild(suites);
      Element suite = doc.createElement("testsuite");
      suites.appendChild(suite);
      long failures = r.results().stream().filter(c -> isFailure(c.outcome())).count();
      long errors =
          r.results().stream().filter(c -> !c.passed() && !isFailure(c.outcome())).count();
      String time = seconds(r.executionTime());
      for (Element e : new Element[] {suites, suite}) {
        e.setAttribute("name", r.exercise().id());
        e.setAttribute("tests", String.valueOf(r.results().size()));
        e.setAttribute("failures", String.valueOf(failures));
        e.setAttribute("errors", String.valueOf(errors));
        e.setAttribute("time", time);
      }
      suite.setAttribute("skipped", "0");
      suite.setAttribute(
          "timestamp",
          DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
              r.started().atOffset(ZoneOffset.UTC).withNano(0)));
      Element props = doc.createElement("properties");
      suite.appendChild(props);
      property(doc, props, "student", r.student());
      property(doc, props, "seed", r.seed());
      property(doc, props, "score", String.valueOf(r.score()));
      property(doc, props, "max_score", String.valueOf(r.maxScore()));
      for (CaseResult c : r.results()) {
        Element tc = doc.createElement("testcase");
        tc.setAttribute("name", c.spec().name());
        tc.setAttribute("classname", r.exercise().id());
        tc.setAttribute("time", seconds(c.duration()));
        Element cp = doc.createElement("properties");
        property(doc, cp, "number", c.spec().number());
        property(doc, cp, "points", String.valueOf(c.score()));
        property(doc, cp, "max_points", String.valueOf(c.spec().points()));
        tc.appendChild(cp);
        if (!c.passed()) {
          Element f = doc.createElement(isFailure(c.outcome()) ? "failure" : "error");
          String message = clean(r.message(c));
          f.setAttribute("message", message);
          f.setAttribute("type", c.outcome().word());
          f.setTextContent(clean(Summary.withOutput(message, r.output(c))));
          tc.appendChild(f);
        }
        suite.appendChild(tc);
      }
      Element out = doc.createElement("system-out");
      out.setTextContent(clean(Summary.headline(r) + Summary.notes(r)));
      suite.appendChild(out);
      var t = TransformerFactory.newInstance().newTransformer();
      t.setOutputProperty(OutputKeys.INDENT, "yes");
      t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      StringWriter w = new StringWriter();
      t.transform(new DOMSource(doc), new StreamResult(w));
      return w.toString() + "\n";
    } catch (ParserConfigurationException | TransformerException e) {
      throw new IllegalStateException("cannot write JUnit XML", e);
    }
  }

  private static boolean isFailure(Outcome o) {
    return o == Outcome.FAILED || o == Outcome.TIMED_OUT;
  }

  private static void property(Document doc, Element parent, String name, String value) {
    Element p = doc.createElement("property");
    p.setAttribute("name", name);
    p.setAttribute("value", clean(value));
    parent.appendChild(p);
  }

  private static String seconds(java.time.Duration d) {
    return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
  }

  /** Drops what XML 1.0 cannot carry (a student's program may print any byte). */
  static String clean(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            c -> {
              boolean ok =
                  c == 0x9
                      || c == 0xA
                      || c == 0xD
                      || (c >= 0x20 && c <= 0xD7FF)
                      || (c >= 0xE000 && c <= 0xFFFD)
                      || c >= 0x10000;
              sb.appendCodePoint(ok ? c : 0xFFFD);
            });
    return sb.toString();
  }
}
