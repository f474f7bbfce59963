package dev.netlab.dns.cli;

import static dev.netlab.dns.cli.DnsCommandsTest.lab;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.netlab.common.cli.LabRun;
import dev.netlab.common.transport.Transport;
import dev.netlab.dns.cli.DnsCommandsTest.Result;
import dev.netlab.dns.hierarchy.Hierarchy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code lab dns resolve} and {@code lab dns hierarchy}: exit codes, one-line errors, output. */
@Timeout(30)
class ResolveCommandTest {
  @TempDir Path dir;
  private Hierarchy hierarchy;

  @BeforeEach
  void start() throws Exception {
    hierarchy = Hierarchy.start(dir.resolve("zones"), 0, LabRun.quiet(Transport.best()));
  }

  @AfterEach
  void stop() {
    hierarchy.close();
  }

  private Result resolve(String... args) {
    List<String> all =
        new java.util.ArrayList<>(
            List.of(
                "resolve",
                "--port",
                String.valueOf(hierarchy.port()),
                "--cache",
                dir.resolve("cache.json").toString()));
    all.addAll(List.of(args));
    return lab(all.toArray(String[]::new));
  }

  @Test
  void anAnswerExitsZeroAndTheNextRunUsesTheCacheFile() {
    Result first = resolve("www.shop.test");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out())
        .contains("@a.root-servers.test. (127.53.0.1) [zone .]: referral to test.")
        .contains(";; www.shop.test. A: NOERROR\nwww.shop.test.\t\t300\tIN\tA\t192.0.2.80")
        .contains("3 steps (0 from the cache)");
    assertThat(dir.resolve("cache.json")).exists();
    Result second = resolve("www.shop.test");
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(second.out())
        .containsPattern(";; www\\.shop\\.test\\. A: answer from the cache, expires in \\d+ s")
        .contains("1 step (1 from the cache)");
  }

  @Test
  void nxdomainIsAnAnswerAndExitsZero() {
    Result r = resolve("nope.shop.test", "AAAA");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains(";; nope.shop.test. AAAA: NXDOMAIN\nshop.test.\t\t60\tIN\tSOA");
  }

  @Test
  void aLameDelegationExitsOneWithOneLine() {
    Result r = resolve("www.lame.test");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines()).singleElement().asString().contains("lame delegation");
    assertThat(r.out()).contains("REFUSED: lame");
  }

  @Test
  void jsonIsOneObjectWithTheStepsAndTheFailure() throws Exception {
    Result r = resolve("www.broken.test", "--json");
    assertThat(r.code()).isEqualTo(1);
    Map<String, Object> j = JSON.std.mapFrom(r.out());
    assertThat(j.get("ok")).isEqualTo(false);
    assertThat(j.get("status")).isEqualTo("FAILED");
    assertThat((String) j.get("failure")).startsWith("missing glue: broken.test.");
    assertThat(j.get("steps")).asList().hasSize(2);
  }

  @Test
  void hintsComeFromANamedRootFile() throws Exception {
    Path hints = dir.resolve("named.root");
    Files.write(hints, hierarchy.rootHints().lines());
    Result r = resolve("cdn.shop.test", "--hints", hints.toString(), "--no-cache");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("www.hosting.example.\t300\tIN\tA\t192.0.2.100");
    assertThat(dir.resolve("cache.json")).doesNotExist();
  }

  @Test
  void badUsageExitsTwoWithOneLine() throws Exception {
    Files.writeString(dir.resolve("empty.root"), "; nothing\n");
    for (String[] args :
        List.of(
            new String[] {"www.shop.test", "BOGUS"},
            new String[] {"www..shop"},
            new String[] {"www.shop.test", "--max-steps", "0"},
            new String[] {"shop.test", "AXFR"},
            new String[] {"shop.test", "IXFR"},
            new String[] {"shop.test", "OPT"},
            new String[] {"shop.test", "MAILB"},
            new String[] {"www.shop.test", "--hints", dir.resolve("none").toString()},
            new String[] {"www.shop.test", "--hints", dir.resolve("empty.root").toString()})) {
      Result r = resolve(args);
      assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
      assertThat(r.err().lines()).as(String.join(" ", args)).hasSize(1);
    }
  }

  @Test
  void hierarchyPrintsTheServersAndTheRootHintsAndStops() throws Exception {
    Path zones = dir.resolve("other");
    Result r =
        lab("hierarchy", "--port", "0", "--time", "200ms", "--dir", zones.toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    Map<String, Object> j = JSON.std.mapFrom(r.out());
    assertThat(j.get("servers")).asList().hasSize(Hierarchy.SERVERS.size());
    assertThat(j.get("root_hints").toString())
        .contains("a.root-servers.test.")
        .contains("127.53.0.1");
    assertThat(zones.resolve("shop.test.zone")).exists();
  }

  @Test
  void aCacheThatIsNotANetlabCacheIsRefusedAndLeftAlone() throws Exception {
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "my notes\n");
    Path big = dir.resolve("big.json");
    try (var f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
      f.setLength((8 << 20) + 1L);
    }
    Path link = dir.resolve("link.json");
    Files.createSymbolicLink(link, text);
    for (Path p : List.of(text, big, dir, link)) {
      Result r =
          lab(
              "resolve",
              "--port",
              String.valueOf(hierarchy.port()),
              "--cache",
              p.toString(),
              "www.shop.test");
      assertThat(r.code()).as(p + ": " + r.err()).isEqualTo(2);
      assertThat(r.err().lines())
          .as(p.toString())
          .singleElement()
          .asString()
          .startsWith("dns resolve: " + p + " is ")
          .endsWith("choose another --cache");
      boolean regular = Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
      assertThat(r.err().contains("remove it"))
          .as(p + ": 'remove it' only for files")
          .isEqualTo(regular);
    }
    assertThat(Files.readString(text)).isEqualTo("my notes\n");
    assertThat(Files.size(big)).isEqualTo((8 << 20) + 1L);
    assertThat(Files.isSymbolicLink(link)).isTrue();
  }

  @Test
  void aCacheInAMissingDirectoryOrWithNoNameIsBadUsage() {
    Path nested = dir.resolve("no/such/dir/cache.json");
    for (String file : List.of(nested.toString(), "")) {
      Result r =
          lab(
              "resolve",
              "--port",
              String.valueOf(hierarchy.port()),
              "--cache",
              file,
              "www.shop.test");
      assertThat(r.code()).as(file + ": " + r.err()).isEqualTo(2);
      assertThat(r.err().lines()).as(file).hasSize(1);
    }
    assertThat(dir.resolve("no")).doesNotExist();
  }

  @Test
  void aCacheWrittenForOtherHintsIsEmptiedWithANote() throws Exception {
    assertThat(resolve("www.shop.test").code()).isZero();
    Path hints = dir.resolve("named.root");
    Files.writeString(
        hints, ". 3600 NS b.root-servers.test.\nb.root-servers.test. 3600 A 127.53.0.1\n");
    Result r = resolve("www.shop.test", "--hints", hints.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err())
        .contains(
            "note: the cache "
                + dir.resolve("cache.json")
                + " starts empty: it was written"
                + " for other root hints or another port");
    assertThat(r.out()).contains("3 steps (0 from the cache)");
  }

  @Test
  // a separate thread: without the check, opening the FIFO blocks where no interrupt reaches
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void hintsThatAreNotARegularFileAreRefusedWithoutReading() throws Exception {
    Path fifo = dir.resolve("hints.fifo");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo failed");
    Result r = resolve("www.shop.test", "--hints", fifo.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .contains(fifo + " is not a regular file");
  }

  @Test
  void aHintsParseErrorNamesTheFile() throws Exception {
    Path bad = dir.resolve("badhints");
    Files.writeString(bad, ". NS\n");
    Result r = resolve("www.shop.test", "--hints", bad.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .contains("hints file " + bad + ":1:")
        .doesNotContain("<none>");
  }

  @Test
  void zoneTransfersAreNotResolvedButSentToQuery() {
    Result r = resolve("shop.test", "AXFR");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains("resolve does not do zone transfers: use lab dns query shop.test. AXFR @SERVER");
  }

  @Test
  void anyIsAnsweredWithWhatTheServerGives() {
    Result r = resolve("www.shop.test", "ANY");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("answer, authoritative (AA)")
        .contains(";; www.shop.test. ANY: NOERROR\nwww.shop.test.")
        .doesNotContain("CNAME: the answer goes on elsewhere")
        .doesNotContain("NODATA");
  }

  @Test
  void portZeroIsNoPortToAskOn() {
    Result r = lab("resolve", "-p", "0", "--no-cache", "www.shop.test");
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines())
        .singleElement()
        .asString()
        .contains("--port 0 is no port to ask on");
  }

  @Test
  void hierarchyDeletesTheTemporaryDirectoryItMade() throws Exception {
    Result r = lab("hierarchy", "--port", "0", "--time", "200ms", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    Path made = Path.of((String) JSON.std.mapFrom(r.out()).get("dir"));
    assertThat(made.getFileName().toString()).startsWith("netlab-dns-hierarchy-");
    assertThat(made).doesNotExist();
  }
}
