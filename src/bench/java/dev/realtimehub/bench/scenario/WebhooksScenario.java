package dev.realtimehub.bench.scenario;

import dev.realtimehub.bench.BenchRun;
import dev.realtimehub.bench.Figure;
import dev.realtimehub.bench.StepResult;
import dev.realtimehub.bench.load.InsertBaseline;
import dev.realtimehub.bench.load.WebhookLoad;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Signed webhooks at increasing rates against the hub on PostgreSQL, beside a plain single-row INSERT into the
 * same database at the same rates: what accepting a webhook durably costs over the bare write it contains.
 */
final class WebhooksScenario implements Scenario {

  private static final long SETTLE_MS = 10_000;

  @Override
  public String name() {
    return "webhooks";
  }

  @Override
  public String summary() {
    return "signed HBH-2 webhooks into PostgreSQL: accepted/s, ack latency, webhook-to-client latency, "
      + "beside single-row INSERTs";
  }

  @Override
  public Map<String, String> defaults() {
    return Map.of(
      "targets", "hub",
      "pg-url", "postgresql://postgres@127.0.0.1:5432/hub_bench",
      "rates", "250,500,1000,2000",
      "seconds", "10");
  }

  @Override
  public List<StepResult> run(BenchRun run) throws Exception {
    String pgUrl = run.options().string("pg-url");
    if (pgUrl.isEmpty()) {
      throw new IllegalArgumentException("webhooks needs --pg-url (the hub's PostgreSQL)");
    }
    double seconds = run.options().decimal("seconds");
    List<Double> rates = run.options().decimals("rates");
    WebhookLoad webhooks = new WebhookLoad(run.vertx(), run.endpoint(), run.options().string("webhook-secret"));
    InsertBaseline inserts = new InsertBaseline(run.vertx(), pgUrl);
    List<StepResult> steps = new ArrayList<>();
    try {
      webhooks.subscribe().await();
      inserts.prepare().await();
      // The whole warm-up at the first rate: the hub's JIT compiles ingress and pipelines for most of a minute.
      webhooks.run(rates.get(0), run.options().decimal("warmup"), SETTLE_MS).await();
      for (double rate : rates) {
        WebhookLoad.Outcome outcome = webhooks.run(rate, seconds, SETTLE_MS).await();
        Map<Figure, Double> hub = figures(rate, outcome.accepted() / seconds, outcome.ackMicros(),
          outcome.deliveryMicros());
        hub.put(Figure.WEBHOOK_UNDELIVERED,
          (double) Math.max(0, outcome.accepted() - outcome.deliveryMicros().getTotalCount()));
        steps.add(StepResult.of("webhooks × " + Labels.rate(rate), hub));
        InsertBaseline.Outcome insert = inserts.run(rate, seconds).await();
        steps.add(StepResult.of("INSERT baseline × " + Labels.rate(rate), figures(rate,
          insert.committed() / seconds, insert.latencyMicros(), null)));
      }
    } finally {
      webhooks.close().await();
      inserts.close().await();
    }
    return steps;
  }

  private static Map<Figure, Double> figures(double rate, double perSecond, Histogram ack, Histogram delivery) {
    Map<Figure, Double> figures = new EnumMap<>(Figure.class);
    figures.put(Figure.RATE, rate);
    figures.put(Figure.ACCEPTED_PER_SECOND, perSecond);
    figures.put(Figure.ACK_P50, ack.getValueAtPercentile(50) / 1000.0);
    figures.put(Figure.ACK_P99, ack.getValueAtPercentile(99) / 1000.0);
    if (delivery != null) {
      figures.put(Figure.WEBHOOK_TO_CLIENT_P50, delivery.getValueAtPercentile(50) / 1000.0);
      figures.put(Figure.WEBHOOK_TO_CLIENT_P99, delivery.getValueAtPercentile(99) / 1000.0);
    }
    return figures;
  }
}
