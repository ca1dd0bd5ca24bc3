package dev.nabla.medical.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded stratified k-fold splits: the cases of each class are shuffled (Fisher–Yates with the seed)
 * and dealt round-robin to the folds, so every fold holds ⌊n_c/k⌋ or ⌈n_c/k⌉ cases of class c and the
 * class proportions of the whole set. Each case is in exactly one test fold.
 */
public final class StratifiedKFold {
    private StratifiedKFold() {
    }

    /** One split: the training and the test case indices (ascending). */
    public record Fold(int[] train, int[] test) {
    }

    /**
     * The {@code k} folds of cases with these class labels (any non-negative integers).
     *
     * @throws IllegalArgumentException when {@code k < 2}, a label is negative, or a class has fewer than {@code k} cases
     */
    public static List<Fold> split(int[] labels, int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("stratified k-fold: k must be >= 2, got " + k);
        }
        int classes = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException("stratified k-fold: label of case " + i + " is negative: " + labels[i]);
            }
            classes = Math.max(classes, labels[i] + 1);
        }
        int[] fold = new int[labels.length];
        SplittableRandom rng = new SplittableRandom(seed);
        int next = 0; // continue the round-robin across classes, so fold sizes differ by at most one
        for (int c = 0; c < classes; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    members.add(i);
                }
            }
            if (!members.isEmpty() && members.size() < k) {
                throw new IllegalArgumentException("stratified k-fold: class " + c + " has " + members.size()
                        + " cases, fewer than k = " + k);
            }
            for (int i = members.size() - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                Integer t = members.get(i);
                members.set(i, members.get(j));
                members.set(j, t);
            }
            for (int m : members) {
                fold[m] = next;
                next = (next + 1) % k;
            }
        }
        List<Fold> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            int nTest = 0;
            for (int v : fold) {
                nTest += v == f ? 1 : 0;
            }
            int[] test = new int[nTest];
            int[] train = new int[labels.length - nTest];
            for (int i = 0, a = 0, b = 0; i < labels.length; i++) {
                if (fold[i] == f) {
                    test[a++] = i;
                } else {
                    train[b++] = i;
                }
            }
            folds.add(new Fold(train, test));
        }
        return folds;
    }
}
