package dev.netlab.common.tour;

import dev.netlab.common.cli.LabRun;
import java.nio.file.Path;

/**
 * What a tour part gets: the run (console, metrics, transport) and where to leave captures.
 *
 * @param reportDir directory for the report and kernel captures, or null
 */
public record TourContext(LabRun run, Path reportDir) {
  /** A file in the report directory, or null when no report was asked for. */
  public Path reportFile(String name) {
    return reportDir == null ? null : reportDir.resolve(name);
  }
}
