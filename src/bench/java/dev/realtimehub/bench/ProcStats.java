package dev.realtimehub.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Figures Linux keeps per process: CPU time from {@code /proc/<pid>/stat} (utime + stime, in clock ticks)
 * and resident memory from {@code /proc/<pid>/status} (VmRSS).
 */
final class ProcStats {

  /** USER_HZ: 100 on every mainstream Linux build, which {@code getconf CLK_TCK} confirms here. */
  static final long TICKS_PER_SECOND = 100;

  private ProcStats() {
  }

  /** Consumed CPU time in seconds (user + system). */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) TICKS_PER_SECOND;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read CPU time of " + pid, e);
    }
  }

  /** Resident set size in bytes. */
  static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
      throw new IllegalStateException("no VmRSS for " + pid);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read memory of " + pid, e);
    }
  }

  /**
   * CPU seconds the whole machine spent busy (user, nice, system, irq, softirq) and stolen by the
   * hypervisor, from the first line of {@code /proc/stat}.
   */
  static double[] machineSeconds() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
        + Long.parseLong(f[7]);
      return new double[] {busy / (double) TICKS_PER_SECOND, Long.parseLong(f[8]) / (double) TICKS_PER_SECOND};
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/stat", e);
    }
  }

  /**
   * What the rest of the machine did during an interval: CPU used by processes other than the two measured
   * ones, and CPU stolen by the hypervisor, both in percent of one core. Non-zero values mean the figures
   * of that interval were measured on a shared machine.
   */
  record Neighbours(double[] machine, CpuMark server, CpuMark generator) {

    static Neighbours of(CpuMark server, CpuMark generator) {
      return new Neighbours(machineSeconds(), server, generator);
    }

    /**
     * {@code {other processes %, steal %}} since this mark, not counting the {@code measured} percentages (the
     * server's, the generator's, and any other process reported on its own); call before the marks are reused.
     */
    double[] percentSince(double... measured) {
      double wall = (System.nanoTime() - server.nanos()) / 1e9;
      double[] now = machineSeconds();
      double busy = 100 * (now[0] - machine[0]) / wall;
      double steal = 100 * (now[1] - machine[1]) / wall;
      return new double[] {Math.max(0, busy - Arrays.stream(measured).filter(v -> !Double.isNaN(v)).sum()), steal};
    }
  }

  /**
   * Seconds the process's threads spent runnable but waiting for a CPU: the second field of
   * {@code /proc/<pid>/task/<tid>/schedstat}, summed over the threads alive now.
   */
  static double runQueueSeconds(long pid) {
    double total = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          total += Long.parseLong(Files.readString(task.resolve("schedstat")).trim().split(" ")[1]) / 1e9;
        } catch (IOException | RuntimeException threadEnded) {
          // a thread that ended between listing and reading has nothing left to count
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read threads of " + pid, e);
    }
    return total;
  }

  /**
   * A CPU reading of one or more processes (the nodes of a cluster count as one server) to compute
   * utilisation and CPU starvation over an interval.
   */
  record CpuMark(List<Long> pids, double usedSeconds, double waitedSeconds, long nanos) {

    static CpuMark of(long pid) {
      return of(List.of(pid));
    }

    static CpuMark of(List<Long> pids) {
      return new CpuMark(List.copyOf(pids), used(pids), waited(pids), System.nanoTime());
    }

    /** Percent of one core used since this mark. */
    double percentSince() {
      double wall = (System.nanoTime() - nanos) / 1e9;
      return wall <= 0 ? 0 : 100 * (used(pids) - usedSeconds) / wall;
    }

    /** CPU seconds used since this mark. */
    double secondsSince() {
      return used(pids) - usedSeconds;
    }

    /** Time the threads spent waiting for a CPU since this mark, in percent of the wall time. */
    double waitPercentSince() {
      double wall = (System.nanoTime() - nanos) / 1e9;
      return wall <= 0 ? 0 : 100 * (waited(pids) - waitedSeconds) / wall;
    }

    private static double used(List<Long> pids) {
      return pids.stream().mapToDouble(ProcStats::cpuSeconds).sum();
    }

    private static double waited(List<Long> pids) {
      return pids.stream().mapToDouble(ProcStats::runQueueSeconds).sum();
    }
  }
}
