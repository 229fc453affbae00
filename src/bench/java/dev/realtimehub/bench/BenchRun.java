package dev.realtimehub.bench;

import dev.realtimehub.bench.load.Endpoint;
import dev.realtimehub.bench.load.Fleet;
import dev.realtimehub.bench.load.FleetPlan;
import dev.realtimehub.bench.load.Publisher;
import dev.realtimehub.bench.load.Receiver;
import dev.realtimehub.bench.load.SseFleet;
import dev.realtimehub.bench.load.Waits;
import dev.realtimehub.bench.load.WsFleet;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.IntFunction;
import java.util.function.LongFunction;

/**
 * What a scenario drives against one server: opening fleets, measuring publishing steps, reading the
 * server's memory. Runs on the bench thread and blocks on futures there (never on an event loop).
 */
public final class BenchRun {

  private static final long SETTLE_QUIET_MS = 5_000;
  private static final long SETTLE_MAX_MS = 60_000;

  private final Vertx vertx;
  private final BenchOptions options;
  private final ServerNodes servers;
  private final OptionalLong redisPid;
  private final Endpoint endpoint;
  private final Publisher publisher;
  private final Path files;
  private final List<Fleet> fleets = new ArrayList<>();
  private final long baselineHeap;
  private final long baselineRss;

  /** {@code redisPid}: the Redis server the target runs on, when it is a process of this machine. */
  BenchRun(Vertx vertx, BenchOptions options, ServerNodes servers, OptionalLong redisPid, Endpoint endpoint,
           Path files) throws IOException, InterruptedException {
    this.files = files;
    this.vertx = vertx;
    this.options = options;
    this.servers = servers;
    this.redisPid = redisPid;
    this.endpoint = endpoint;
    this.publisher = new Publisher(vertx, endpoint);
    this.baselineHeap = servers.liveHeapBytes();
    this.baselineRss = servers.rssBytes();
  }

  public BenchOptions options() {
    return options;
  }

  public Vertx vertx() {
    return vertx;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  /** Opens {@code connections} native WebSockets, connection {@code i} subscribed to {@code channelsOf(i)}. */
  public Fleet openWebSockets(int connections, IntFunction<List<String>> channelsOf) {
    return track(WsFleet.open(vertx, endpoint, plan(connections, channelsOf)));
  }

  /** Opens {@code connections} SSE streams, stream {@code i} on the first channel of {@code channelsOf(i)}. */
  public Fleet openEventStreams(int connections, IntFunction<List<String>> channelsOf) {
    return track(SseFleet.open(vertx, endpoint, plan(connections, channelsOf)));
  }

  private FleetPlan plan(int connections, IntFunction<List<String>> channelsOf) {
    return new FleetPlan(connections, channelsOf, options.integer("concurrency"));
  }

  private Fleet track(Fleet fleet) {
    fleets.add(fleet);
    if (fleet.failed() > 0) {
      System.err.printf("  %d of %d connections failed to open%n", fleet.failed(), fleet.failed() + fleet.connected());
    }
    return fleet;
  }

  /** The connect figures of a fleet, and the server's memory with the fleet connected and idle. */
  public StepResult connected(String label, Fleet fleet) throws IOException, InterruptedException {
    Map<Figure, Double> figures = new EnumMap<>(Figure.class);
    int open = fleet.connected();
    figures.put(Figure.CONNECTIONS, (double) open);
    figures.put(Figure.CONNECT_FAILURES, (double) fleet.failed());
    figures.put(Figure.CONNECT_RATE, open / fleet.connectSeconds());
    if (fleet.subscribeSeconds() > 0) {
      figures.put(Figure.SUBSCRIBE_SECONDS, fleet.subscribeSeconds());
    }
    long heap = servers.liveHeapBytes();
    if (options.flag("class-histogram")) {
      writeClassHistograms(label);
    }
    long rss = servers.rssBytes();
    figures.put(Figure.SERVER_RSS_MB, rss / 1048576.0);
    figures.put(Figure.HEAP_PER_CONNECTION, (heap - baselineHeap) / (double) open);
    figures.put(Figure.RSS_PER_CONNECTION, (rss - baselineRss) / (double) open);
    return StepResult.of(label, figures);
  }

  private void writeClassHistograms(String label) throws IOException, InterruptedException {
    List<String> histograms = servers.classHistograms();
    for (int i = 0; i < histograms.size(); i++) {
      String node = histograms.size() == 1 ? "" : "-node" + (i + 1);
      Path histogram = Path.of(files + node + "-" + label.replaceAll("[^A-Za-z0-9]+", "-") + "-classes.txt");
      Files.writeString(histogram, histograms.get(i));
      System.err.println("  class histogram written to " + histogram);
    }
  }

  /** Publishes at the first rate for the warm-up time and discards the figures. */
  public void warmUp(Fleet fleet, double rate, LongFunction<String> channelOf) {
    double seconds = options.decimal("warmup");
    if (seconds > 0) {
      measure("warm-up", fleet, rate, seconds, channelOf);
    }
  }

  /**
   * Publishes {@code rate} messages a second for {@code seconds} (message {@code n} to
   * {@code channelOf(n)}), waits until every owed delivery arrived or delivery stalls, and reports.
   */
  public StepResult measure(String label, Fleet fleet, double rate, double seconds,
                            LongFunction<String> channelOf) {
    Receiver receiver = fleet.receiver();
    receiver.startStep(publisher.nextSeq());
    int closedBefore = fleet.closedByServer();
    List<Long> samples = Collections.synchronizedList(new ArrayList<>());
    long[] last = {0};
    long sampler = vertx.setPeriodic(1000, timer -> {
      long now = receiver.delivered();
      samples.add(now - last[0]);
      last[0] = now;
    });
    ProcStats.CpuMark serverCpu = ProcStats.CpuMark.of(servers.pids());
    ProcStats.CpuMark ownCpu = ProcStats.CpuMark.of(ProcessHandle.current().pid());
    Optional<ProcStats.CpuMark> redisCpu = redisMark();
    ProcStats.Neighbours neighbours = ProcStats.Neighbours.of(serverCpu, ownCpu);
    long start = System.nanoTime();
    Publisher.Outcome outcome = publisher.run(rate, seconds, channelOf, fleet::subscribers).await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    vertx.cancelTimer(sampler);
    double serverPercent = serverCpu.percentSince();
    double ownPercent = ownCpu.percentSince();
    double serverWait = serverCpu.waitPercentSince();
    double redisPercent = redisCpu.map(BenchRun::percentOrNaN).orElse(Double.NaN);
    double[] others = neighbours.percentSince(serverPercent, ownPercent, redisPercent);
    // Late frames of an earlier step are progress too: while they drain, this step's frames queue behind them.
    Waits.settle(vertx, () -> receiver.delivered() >= outcome.expected(),
      () -> receiver.delivered() + receiver.stale(), SETTLE_QUIET_MS, SETTLE_MAX_MS).await();
    double framesSeen = receiver.delivered() + receiver.stale();
    double cpuPerFrame = framesSeen == 0 ? Double.NaN : serverCpu.secondsSince() * 1e6 / framesSeen;
    Histogram latency = receiver.takeLatency();
    Map<Figure, Double> figures = new EnumMap<>(Figure.class);
    figures.put(Figure.RATE, rate);
    figures.put(Figure.DELIVERED_PER_SECOND, medianPerSecond(samples, seconds, receiver.delivered(), elapsed));
    figures.put(Figure.EXPECTED, (double) outcome.expected());
    figures.put(Figure.LOST, (double) Math.max(0, outcome.expected() - receiver.delivered()));
    figures.put(Figure.LATENCY_P50, millis(latency, 50));
    figures.put(Figure.LATENCY_P90, millis(latency, 90));
    figures.put(Figure.LATENCY_P99, millis(latency, 99));
    figures.put(Figure.LATENCY_P999, millis(latency, 99.9));
    figures.put(Figure.LATENCY_MAX, latency.getMaxValue() / 1000.0);
    figures.put(Figure.PUBLISH_P99, millis(outcome.responseMicros(), 99));
    figures.put(Figure.PUBLISH_REFUSED, (double) (outcome.rejected() + outcome.failed()));
    figures.put(Figure.CLOSED_BY_SERVER, (double) (fleet.closedByServer() - closedBefore));
    figures.put(Figure.SERVER_CPU, serverPercent);
    figures.put(Figure.GENERATOR_CPU, ownPercent);
    if (redisPid.isPresent()) {
      figures.put(Figure.REDIS_CPU, redisPercent);
    }
    figures.put(Figure.SERVER_CPU_PER_FRAME, cpuPerFrame);
    figures.put(Figure.SERVER_CPU_WAIT, serverWait);
    figures.put(Figure.OTHER_CPU, others[0]);
    figures.put(Figure.STEAL, others[1]);
    StepResult result = StepResult.of(label, figures);
    System.err.printf("  %-30s delivered/s %,9.0f  p99 %8.2f ms  lost %,d  refused %,d  closed %,d  "
        + "CPU server %.0f%% (waited %.0f%%) generator %.0f%%%s others %.0f%% steal %.0f%%%n", label,
      result.get(Figure.DELIVERED_PER_SECOND), result.get(Figure.LATENCY_P99), (long) result.get(Figure.LOST),
      (long) result.get(Figure.PUBLISH_REFUSED), (long) result.get(Figure.CLOSED_BY_SERVER), serverPercent,
      serverWait, ownPercent, redisPid.isPresent() ? String.format(" redis %.0f%%", redisPercent) : "", others[0],
      others[1]);
    return result;
  }

  /** Redis is shared: its other users may restart it, which leaves its CPU unknown rather than failing the run. */
  private Optional<ProcStats.CpuMark> redisMark() {
    try {
      return redisPid.isPresent() ? Optional.of(ProcStats.CpuMark.of(redisPid.getAsLong())) : Optional.empty();
    } catch (IllegalStateException gone) {
      return Optional.empty();
    }
  }

  private static double percentOrNaN(ProcStats.CpuMark mark) {
    try {
      return mark.percentSince();
    } catch (IllegalStateException gone) {
      return Double.NaN;
    }
  }

  /** The median of the whole seconds of the publishing window; the mean when it was shorter than 2 s. */
  private static double medianPerSecond(List<Long> samples, double seconds, long delivered, double elapsed) {
    List<Long> whole;
    synchronized (samples) {
      whole = new ArrayList<>(samples.subList(0, Math.min(samples.size(), (int) Math.floor(seconds))));
    }
    if (whole.size() < 2) {
      return delivered / Math.max(elapsed, 1e-3);
    }
    Collections.sort(whole);
    int n = whole.size();
    return n % 2 == 1 ? whole.get(n / 2) : (whole.get(n / 2 - 1) + whole.get(n / 2)) / 2.0;
  }

  private static double millis(Histogram histogram, double percentile) {
    return histogram.getTotalCount() == 0 ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  /** Closes every fleet this run opened. */
  void closeFleets() {
    Future.join(fleets.stream().map(Fleet::close).toList()).await();
    fleets.clear();
  }
}
