package dev.sagebox.scheduler.tuning;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Strategy Hyperband, in its asynchronous form (successive halving without waiting for a bracket to fill, which suits
 * parallel children): configurations are drawn at random, and a child that reaches a rung ({@code MinResource},
 * then η times as many epochs, up to {@code MaxResource}) goes on only if its objective there is among the best
 * 1/η of the children that reached that rung; the others are stopped.
 */
public final class HyperbandSearch implements SearchStrategy {
    static final int ETA = 3;

    private final RandomSearch sampler;
    private final int minResource;
    private final int maxResource;

    public HyperbandSearch(ParameterSpace space, long seed, int minResource, int maxResource) {
        this.sampler = new RandomSearch(space, seed);
        this.minResource = Math.max(1, minResource);
        this.maxResource = Math.max(this.minResource, maxResource);
    }

    @Override
    public Optional<Map<String, String>> next(List<Trial> trials) {
        return sampler.next(trials);
    }

    @Override
    public boolean shouldStop(Trial running, List<Trial> trials) {
        int epochs = running.intermediate().size();
        if (!isRung(epochs)) {
            return false;
        }
        List<Double> atRung = new ArrayList<>();
        for (Trial t : trials) {
            if (t.intermediate().size() >= epochs) {
                atRung.add(t.intermediate().get(epochs - 1));
            }
        }
        if (atRung.size() < ETA) {
            return false;
        }
        atRung.sort(Double::compare);
        double cutoff = atRung.get(Math.max(1, atRung.size() / ETA) - 1);
        return running.intermediate().get(epochs - 1) > cutoff;
    }

    /** Whether {@code epochs} is a rung: MinResource·η^k, below MaxResource. */
    private boolean isRung(int epochs) {
        for (long r = minResource; r < maxResource; r *= ETA) {
            if (r == epochs) {
                return true;
            }
        }
        return false;
    }
}
