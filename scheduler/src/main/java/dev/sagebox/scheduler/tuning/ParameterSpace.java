package dev.sagebox.scheduler.tuning;

import dev.sagebox.scheduler.tuning.ParameterRange.CategoricalRange;
import dev.sagebox.scheduler.tuning.ParameterRange.ContinuousRange;
import dev.sagebox.scheduler.tuning.ParameterRange.IntegerRange;
import dev.sagebox.scheduler.tuning.ParameterRange.Scaling;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The tuned hyperparameters as points of the unit cube, one coordinate per range: a numeric range maps [0, 1] through
 * its scaling (linear, logarithmic, reverse logarithmic) and integers round; a categorical range cuts [0, 1] into
 * equal parts, one per value. Strategies search the cube; {@link #decode} gives the hyperparameters a child gets.
 */
public final class ParameterSpace {
    private final List<ParameterRange> ranges;

    public ParameterSpace(List<ParameterRange> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    public List<ParameterRange> ranges() {
        return ranges;
    }

    public int dimensions() {
        return ranges.size();
    }

    /**
     * The random source of a strategy's {@code index}-th choice: depends only on the seed and the index (a restarted
     * server makes the same choices), through SplitMix64's mixing, since nearby seeds give java.util.Random nearly
     * the same first draws.
     */
    public static Random randomFor(long seed, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new Random(z ^ (z >>> 31));
    }

    /** A point drawn uniformly from the cube. */
    public double[] random(Random random) {
        double[] point = new double[ranges.size()];
        for (int i = 0; i < point.length; i++) {
            point[i] = random.nextDouble();
        }
        return point;
    }

    /** The hyperparameters (as SageMaker passes them: strings) at {@code point}. */
    public Map<String, String> decode(double[] point) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < ranges.size(); i++) {
            double u = Math.min(1, Math.max(0, point[i]));
            ParameterRange range = ranges.get(i);
            String value;
            if (range instanceof IntegerRange r) {
                value = String.valueOf(Math.min(r.max(), Math.max(r.min(),
                        Math.round(scale(u, r.min() - 0.5 + 1e-9, r.max() + 0.5 - 1e-9, effective(r))))));
            } else if (range instanceof ContinuousRange r) {
                value = plain(Math.min(r.max(), Math.max(r.min(), scale(u, r.min(), r.max(), effective(r)))));
            } else {
                CategoricalRange r = (CategoricalRange) range;
                value = r.values().get(Math.min(r.values().size() - 1, (int) Math.floor(u * r.values().size())));
            }
            values.put(range.name(), value);
        }
        return values;
    }

    /** The point of the cube that {@link #decode} maps to {@code values} (a categorical value at its part's middle). */
    public double[] encode(Map<String, String> values) {
        double[] point = new double[ranges.size()];
        for (int i = 0; i < ranges.size(); i++) {
            ParameterRange range = ranges.get(i);
            String value = values.get(range.name());
            if (value == null) {
                point[i] = 0.5;
            } else if (range instanceof IntegerRange r) {
                point[i] = unscale(Double.parseDouble(value), r.min() - 0.5 + 1e-9, r.max() + 0.5 - 1e-9,
                        effective(r));
            } else if (range instanceof ContinuousRange r) {
                point[i] = unscale(Double.parseDouble(value), r.min(), r.max(), effective(r));
            } else {
                CategoricalRange r = (CategoricalRange) range;
                point[i] = (Math.max(0, r.values().indexOf(value)) + 0.5) / r.values().size();
            }
        }
        return point;
    }

    /** Every combination of the categorical values, in order (Grid search); empty unless every range is categorical. */
    public List<Map<String, String>> grid() {
        List<Map<String, String>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        for (ParameterRange range : ranges) {
            if (!(range instanceof CategoricalRange c)) {
                return List.of();
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : combinations) {
                for (String value : c.values()) {
                    Map<String, String> m = new LinkedHashMap<>(partial);
                    m.put(c.name(), value);
                    next.add(m);
                }
            }
            combinations = next;
        }
        return combinations.stream().map(Map::copyOf).map(m -> ordered(m)).toList();
    }

    private Map<String, String> ordered(Map<String, String> m) {
        Map<String, String> ordered = new LinkedHashMap<>();
        ranges.forEach(r -> ordered.put(r.name(), m.get(r.name())));
        return ordered;
    }

    /** Auto means logarithmic for a positive range spanning at least two orders of magnitude, else linear. */
    static Scaling effective(IntegerRange r) {
        return auto(r.scaling(), (double) r.min(), (double) r.max());
    }

    static Scaling effective(ContinuousRange r) {
        return auto(r.scaling(), r.min(), r.max());
    }

    private static Scaling auto(Scaling s, double min, double max) {
        if (s != Scaling.AUTO) {
            return s;
        }
        return min > 0 && max / min >= 100 ? Scaling.LOGARITHMIC : Scaling.LINEAR;
    }

    private static double scale(double u, double min, double max, Scaling s) {
        return switch (s) {
            case LOGARITHMIC -> Math.exp(Math.log(Math.max(min, 1e-300)) + u * (Math.log(max) - Math.log(
                    Math.max(min, 1e-300))));
            case REVERSE_LOGARITHMIC -> max + min - Math.exp(Math.log(Math.max(min, 1e-300)) + (1 - u)
                    * (Math.log(max) - Math.log(Math.max(min, 1e-300))));
            default -> min + u * (max - min);
        };
    }

    private static double unscale(double x, double min, double max, Scaling s) {
        if (max <= min) {
            return 0.5;
        }
        double u = switch (s) {
            case LOGARITHMIC -> (Math.log(Math.max(x, 1e-300)) - Math.log(Math.max(min, 1e-300)))
                    / (Math.log(max) - Math.log(Math.max(min, 1e-300)));
            case REVERSE_LOGARITHMIC -> 1 - (Math.log(Math.max(max + min - x, 1e-300))
                    - Math.log(Math.max(min, 1e-300))) / (Math.log(max) - Math.log(Math.max(min, 1e-300)));
            default -> (x - min) / (max - min);
        };
        return Math.min(1, Math.max(0, u));
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
