import java.lang.management.*;
import java.net.*;
import java.nio.file.*;
import java.util.*;
/**
 * Old vs new nn-core in one JVM: each nn-core jar in its own class loader (with its own copy of
 * {@code Runner}), alternating rounds (rounds 0–1 warm up, 5 measured rounds of 3–4 calls each), median CPU
 * time of the calling thread and median wall time per call. Run with {@code -Dnabla.threads=1} so all the
 * work is on that thread. Usage: {@code scripts/jar-ab/run.sh BEFORE.jar AFTER.jar [fwd|fwdbwd|cnn]...}.
 */
public class AB {
  public static void main(String[] a) throws Exception {
    ThreadMXBean tm = ManagementFactory.getThreadMXBean();
    URL runner = Paths.get(System.getProperty("ab.runner", "runner")).toAbsolutePath().toUri().toURL();
    String[] jars = {a[0], a[1]}; String[] names = {"before", "after"};
    List<String> cases = a.length > 2 ? Arrays.asList(a).subList(2, a.length) : List.of("fwd", "fwdbwd", "cnn");
    System.out.println("| case | variant | median CPU ms | median wall ms | samples |");
    System.out.println("|---|---|---|---|---|");
    for (String c : cases) {
      Runnable[] r = new Runnable[2];
      for (int i = 0; i < 2; i++) {
        ClassLoader l = new URLClassLoader(new URL[] {runner, Paths.get(jars[i]).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        r[i] = (Runnable) l.loadClass("Runner").getConstructor(String.class).newInstance(c);
      }
      int reps = c.equals("fwd") ? 4 : 3; int rounds = 7;
      List<List<long[]>> s = List.of(new ArrayList<>(), new ArrayList<>());
      for (int round = 0; round < rounds; round++) for (int i = 0; i < 2; i++) for (int k = 0; k < reps; k++) {
        long c0 = tm.getCurrentThreadCpuTime(), t0 = System.nanoTime();
        r[i].run();
        long t = System.nanoTime() - t0, cc = tm.getCurrentThreadCpuTime() - c0;
        if (round >= 2) s.get(i).add(new long[] {cc, t});
      }
      for (int i = 0; i < 2; i++) {
        long[] cpu = s.get(i).stream().mapToLong(x -> x[0]).sorted().toArray();
        long[] wall = s.get(i).stream().mapToLong(x -> x[1]).sorted().toArray();
        System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %.1f | %d |%n", c, names[i], cpu[cpu.length / 2] / 1e6, wall[wall.length / 2] / 1e6, cpu.length);
      }
    }
  }
}
