package dev.netlab.common.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.netlab.common.base.Console;
import dev.netlab.common.metrics.LabMetrics;
import dev.netlab.common.pcap.PcapSink;
import dev.netlab.common.transport.Transport;
import io.netty.channel.ChannelPipeline;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one command invocation shares: the console, the metrics registry, the transport, the
 * optional pcap file and the figures that end up in the summary or in {@code --json}.
 */
public final class LabRun implements AutoCloseable {
  private final Console console;
  private final LabMetrics metrics = new LabMetrics();
  private final Transport transport;
  private final PcapSink pcap;
  private final boolean json;
  private final Map<String, Object> results = new LinkedHashMap<>();
  private boolean finished;

  /** Whether the run did what was asked, and if not why: the JSON object's "ok" and "error". */
  private boolean ok = true;

  private String error;

  public LabRun(Console console, Transport transport, PcapSink pcap, boolean json) {
    this.console = console;
    this.transport = transport;
    this.pcap = pcap;
    this.json = json;
  }

  /** A run that prints nothing and writes no pcap: for labs driven by tests or by the tour. */
  public static LabRun quiet(Transport transport) {
    return new LabRun(Console.silent(), transport, null, false);
  }

  public Console console() {
    return console;
  }

  public LabMetrics metrics() {
    return metrics;
  }

  public Transport transport() {
    return transport;
  }

  /** Records a figure for the end-of-run JSON object (snake_case keys). */
  public LabRun put(String key, Object value) {
    synchronized (results) {
      results.put(key, value);
    }
    return this;
  }

  public Map<String, Object> results() {
    synchronized (results) {
      return new LinkedHashMap<>(results);
    }
  }

  /** Adds the {@code --pcap} handler to a channel's pipeline, first, when a file was asked for. */
  public void addPcap(ChannelPipeline pipeline) {
    if (pcap != null) {
      pcap.addTo(pipeline);
    }
  }

  /**
   * Marks the run as failed: the JSON object says {@code "ok": false} and, when {@code error} is
   * not null, the one line the command printed on stderr.
   */
  public synchronized void failed(String error) {
    this.ok = false;
    if (error != null) {
      this.error = error;
    }
  }

  /**
   * Prints the end of the run once: the metrics table for people, or exactly one JSON object with
   * {@code ok}, {@code error} (null when ok), the results so far and the metrics. A failed run
   * prints it too, so a grader reading stdout always has one object to read.
   */
  public synchronized void finish() {
    if (finished) {
      return;
    }
    finished = true;
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("ok", ok);
      out.put("error", error);
      out.putAll(results());
      out.put("metrics", metrics.toJson());
      console.raw(json(out));
    } else {
      // a run that failed before counting anything (a server that could not start) has no
      // figures to show: a table of zeros would read as if it had run
      var table = ok || metrics.countedAnything() ? metrics.summaryTable() : List.<String>of();
      if (!table.isEmpty()) {
        console.say("");
        table.forEach(console::say);
      }
    }
    if (pcap != null) {
      console.note("wrote %s: %s", pcap.file(), PcapSink.SYNTHESIZED_NOTE);
    }
  }

  /** The one JSON object of a run as text: snake_case keys as given, nulls written. */
  static String json(Map<String, Object> object) {
    try {
      return JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).asString(object);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  @Override
  public void close() {
    if (pcap != null) {
      pcap.close();
    }
    metrics.close();
  }
}
