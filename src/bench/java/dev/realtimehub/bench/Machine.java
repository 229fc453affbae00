package dev.realtimehub.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the figures were measured on, read from {@code /proc}. */
record Machine(int cpus, String cpuModel, long memoryMb, String kernel, String java, String openFiles,
               String generatorJvm) {

  static Machine describe() {
    List<String> cpuinfo = lines("/proc/cpuinfo");
    int cpus = (int) cpuinfo.stream().filter(l -> l.startsWith("processor")).count();
    String model = cpuinfo.stream().filter(l -> l.startsWith("model name")).findFirst()
      .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
    long memory = lines("/proc/meminfo").stream().filter(l -> l.startsWith("MemTotal:")).findFirst()
      .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024).orElse(0L);
    String kernel = lines("/proc/sys/kernel/osrelease").stream().findFirst().orElse("unknown");
    String files = lines("/proc/self/limits").stream().filter(l -> l.startsWith("Max open files")).findFirst()
      .map(l -> l.replace("Max open files", "").trim().split("\\s+")[0]).orElse("unknown");
    String java = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
    String flags = String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
    return new Machine(cpus, model, memory, kernel, java, files, flags);
  }

  private static List<String> lines(String path) {
    try {
      return Files.readAllLines(Path.of(path));
    } catch (IOException e) {
      return List.of();
    }
  }
}
