package dev.netlab.dns.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netlab.common.cli.LabCli;
import dev.netlab.common.testing.Await;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * {@code kill -HUP} reloads the zone files at once, as it does NSD and BIND: a real signal to a
 * real {@code lab dns serve} in a JVM of its own, whose poll is too slow to be what reloads.
 */
@Timeout(60)
@EnabledOnOs({OS.LINUX, OS.MAC})
class HangupReloadTest {
  /** The child JVM: {@code lab dns serve} with the test's arguments. */
  public static final class Serve {
    public static void main(String[] args) {
      System.exit(LabCli.execute(new DnsLab(), args));
    }
  }

  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

  private static String zone(int serial, String address) {
    return String.join(
        "\n",
        "$ORIGIN hup.test.",
        "$TTL 60",
        "@ SOA ns hostmaster " + serial + " 3600 600 86400 60",
        "@ NS ns",
        "ns A 127.0.0.1",
        "www A " + address,
        "");
  }

  private static String www(int port) throws IOException {
    SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
    r.setTimeout(Duration.ofSeconds(2));
    Message a =
        r.send(
            Message.newQuery(
                Record.newRecord(Name.fromString("www.hup.test."), Type.A, DClass.IN)));
    List<Record> answer = a.getSection(Section.ANSWER);
    return answer.isEmpty() ? "none" : ((ARecord) answer.get(0)).getAddress().getHostAddress();
  }

  @Test
  void sighupReloadsTheZoneFilesAtOnce(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("hup.zone");
    Files.writeString(file, zone(1, "192.0.2.1"));
    Process p =
        new ProcessBuilder(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp",
                System.getProperty("java.class.path"),
                Serve.class.getName(),
                "serve",
                "--zone",
                file.toString(),
                "--port",
                "0",
                "--quiet",
                "--reload-every",
                "1h")
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      int port = -1;
      for (String line; port < 0 && (line = out.readLine()) != null; ) {
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          port = Integer.parseInt(m.group(1));
        }
      }
      assertThat(port).as("the server said where it listens").isPositive();
      assertThat(www(port)).isEqualTo("192.0.2.1");
      // the same size and time stamp: only a reload of every file, not of changed ones, sees it
      FileTime stamp = Files.getLastModifiedTime(file);
      Files.writeString(file, zone(2, "192.0.2.2"));
      Files.setLastModifiedTime(file, stamp);
      CompletableFuture<String> reloaded =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  for (String line; (line = out.readLine()) != null; ) {
                    if (line.contains("serial 1 -> 2")) {
                      return line;
                    }
                  }
                  return "the server ended";
                } catch (IOException e) {
                  return e.toString();
                }
              });
      Process kill = new ProcessBuilder("kill", "-HUP", String.valueOf(p.pid())).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(kill.exitValue()).isZero();
      assertThat(reloaded.get(30, TimeUnit.SECONDS)).contains("zone hup.test. reloaded from");
      final int at = port;
      Await.until(
          "www.hup.test answering the new address",
          Duration.ofSeconds(10),
          () -> {
            try {
              return www(at).equals("192.0.2.2");
            } catch (IOException notYet) {
              return false;
            }
          });
      assertThat(p.isAlive()).as("SIGHUP reloads, it does not end the server").isTrue();
    } finally {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }
}
