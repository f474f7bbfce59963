package dev.netlab.common.cli;

import dev.netlab.common.base.Console;
import dev.netlab.common.base.WarmUp;
import dev.netlab.common.pcap.PcapSink;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of every lab command: parses the common options, sets up the {@link LabRun}, runs the lab
 * and prints its summary or JSON. Subclasses only implement {@link #run(LabRun)}.
 */
public abstract class LabCommand implements Callable<Integer> {
  @Mixin protected CommonOptions common;
  @Spec protected CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    Logging.configure(common.verbose, common.debug);
    if (common.warmUp) {
      WarmUp.enable(true);
    }
    Console console =
        new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), common.json);
    PcapSink pcap = common.pcap == null ? null : new PcapSink(common.pcap);
    try (LabRun run = new LabRun(console, common.transport, pcap, common.json)) {
      int code;
      try {
        code = run(run);
      } catch (Exception e) {
        // the figures so far, with the same one line LabCli prints on stderr
        run.failed(LabCli.oneLine(e));
        run.finish();
        throw e;
      }
      if (code != 0) {
        run.failed(null);
      }
      run.finish();
      return code;
    }
  }

  /**
   * Runs the lab.
   *
   * @return the exit code: 0 done as intended, 1 ran but the outcome failed
   */
  protected abstract int run(LabRun run) throws Exception;
}
