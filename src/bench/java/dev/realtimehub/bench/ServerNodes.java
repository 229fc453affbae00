package dev.realtimehub.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The running processes of one target: one server, or the nodes of a cluster. Memory and CPU figures are the
 * sums over the nodes, so a cluster is measured as one server that happens to be several processes.
 */
final class ServerNodes implements AutoCloseable {

  private final List<ServerProcess> nodes;

  private ServerNodes(List<ServerProcess> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /**
   * Starts the target's nodes one after the other, each logging to {@code <target>.log} (or
   * {@code <target>-<n>.log} for several nodes) in {@code out}; stops those already started if one fails.
   */
  static ServerNodes start(Target target, Path out) throws IOException, InterruptedException {
    List<ServerProcess> started = new ArrayList<>();
    List<Target.Node> nodes = target.nodes();
    try {
      for (int i = 0; i < nodes.size(); i++) {
        Target.Node node = nodes.get(i);
        String log = target.name() + (nodes.size() == 1 ? "" : "-" + (i + 1)) + ".log";
        started.add(ServerProcess.start(node.command(), node.env(), node.port(), out.resolve(log)));
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      new ServerNodes(started).close();
      throw e;
    }
    return new ServerNodes(started);
  }

  List<Long> pids() {
    return nodes.stream().map(ServerProcess::pid).toList();
  }

  /** Live heap of every node after a full collection, summed. */
  long liveHeapBytes() throws IOException, InterruptedException {
    long total = 0;
    for (ServerProcess node : nodes) {
      total += node.liveHeapBytes();
    }
    return total;
  }

  /** Resident memory of every node, summed. */
  long rssBytes() {
    return nodes.stream().mapToLong(node -> ProcStats.rssBytes(node.pid())).sum();
  }

  /** One class histogram per node, in start order. */
  List<String> classHistograms() throws IOException, InterruptedException {
    List<String> histograms = new ArrayList<>();
    for (ServerProcess node : nodes) {
      histograms.add(node.classHistogram());
    }
    return histograms;
  }

  @Override
  public void close() throws InterruptedException {
    for (ServerProcess node : nodes) {
      node.close();
    }
  }
}
