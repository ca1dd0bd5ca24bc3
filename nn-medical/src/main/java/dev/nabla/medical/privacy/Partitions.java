package dev.nabla.medical.privacy;

import dev.nabla.data.Dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Splits a data set into simulated hospital {@link Site}s.
 * <ul>
 *   <li>{@link #iid}: a seeded shuffle dealt into {@code k} nearly equal parts;</li>
 *   <li>{@link #labelSkewed}: McMahan et al. (2017)'s pathological non-IID split — sort by label, cut into
 *       {@code k · shardsPerSite} shards, give each site {@code shardsPerSite} random shards, so most sites see
 *       only one or two classes.</li>
 * </ul>
 */
public final class Partitions {
    private Partitions() {
    }

    /** {@code k} sites with a random, label-blind share each. */
    public static List<Site> iid(Dataset data, int k, long seed) {
        int[] perm = permutation(data.size(), new SplittableRandom(seed));
        return deal(data, perm, k, seed);
    }

    /** {@code k} sites, each holding {@code shardsPerSite} label-sorted shards. */
    public static List<Site> labelSkewed(Dataset data, int k, int shardsPerSite, long seed) {
        int n = data.size();
        int[] labels = Accuracy.labels(data.y());
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> labels[a] != labels[b] ? Integer.compare(labels[a], labels[b]) : Integer.compare(a, b));
        int shards = k * shardsPerSite;
        if (shards > n) {
            throw new IllegalArgumentException("Partitions: " + shards + " shards for " + n + " examples");
        }
        int[] shardOrder = permutation(shards, new SplittableRandom(seed));
        List<Site> sites = new ArrayList<>();
        for (int s = 0; s < k; s++) {
            List<Integer> idx = new ArrayList<>();
            for (int j = 0; j < shardsPerSite; j++) {
                int shard = shardOrder[s * shardsPerSite + j];
                int from = (int) ((long) n * shard / shards);
                int to = (int) ((long) n * (shard + 1) / shards);
                for (int i = from; i < to; i++) {
                    idx.add(order[i]);
                }
            }
            int[] rows = idx.stream().mapToInt(Integer::intValue).toArray();
            sites.add(site(data, rows, s, seed));
        }
        return sites;
    }

    private static List<Site> deal(Dataset data, int[] perm, int k, long seed) {
        if (k < 1 || k > data.size()) {
            throw new IllegalArgumentException("Partitions: cannot split " + data.size() + " examples into " + k + " sites");
        }
        List<Site> sites = new ArrayList<>();
        int n = perm.length;
        for (int s = 0; s < k; s++) {
            int from = (int) ((long) n * s / k);
            int to = (int) ((long) n * (s + 1) / k);
            sites.add(site(data, Arrays.copyOfRange(perm, from, to), s, seed));
        }
        return sites;
    }

    private static Site site(Dataset data, int[] rows, int s, long seed) {
        Dataset part = Dataset.of(Accuracy.rows(data.x(), rows).contiguous(), Accuracy.rows(data.y(), rows).contiguous());
        return new Site("hospital-" + (s + 1), part, seed * 31 + s);
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
