package dev.sagebox.scheduler.tuning;

import java.util.ArrayList;
import java.util.List;

/**
 * TrainingJobEarlyStoppingType Auto: the median rule. A running job whose best objective value up to its latest epoch
 * is worse than the median of the finished jobs' best values up to that same epoch is stopped. It needs a few finished
 * jobs that reached that epoch before it judges.
 */
public final class MedianStopping {
    static final int MIN_FINISHED = 3;
    static final int MIN_EPOCHS = 2;

    private MedianStopping() {
    }

    public static boolean shouldStop(Trial running, List<Trial> trials) {
        int epochs = running.intermediate().size();
        if (epochs < MIN_EPOCHS) {
            return false;
        }
        List<Double> others = new ArrayList<>();
        for (Trial t : trials) {
            if (!t.running() && t.intermediate().size() >= epochs) {
                others.add(bestUpTo(t.intermediate(), epochs));
            }
        }
        if (others.size() < MIN_FINISHED) {
            return false;
        }
        others.sort(Double::compare);
        int n = others.size();
        double median = n % 2 == 1 ? others.get(n / 2) : (others.get(n / 2 - 1) + others.get(n / 2)) / 2;
        return bestUpTo(running.intermediate(), epochs) > median;
    }

    private static double bestUpTo(List<Double> values, int epochs) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < epochs; i++) {
            best = Math.min(best, values.get(i));
        }
        return best;
    }
}
