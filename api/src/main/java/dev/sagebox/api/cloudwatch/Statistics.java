package dev.sagebox.api.cloudwatch;

import dev.sagebox.core.ErrorCode;
import dev.sagebox.core.SageboxException;
import java.util.Set;
import java.util.regex.Pattern;

/** The statistic names CloudWatch takes: the five basic ones and percentiles {@code p0.0}–{@code p100}. */
final class Statistics {
    static final Set<String> BASIC = Set.of("SampleCount", "Average", "Sum", "Minimum", "Maximum");
    private static final Pattern PERCENTILE = Pattern.compile("p(\\d{1,2}(\\.\\d{1,10})?|100(\\.0{1,10})?)");

    private Statistics() {
    }

    static boolean isPercentile(String name) {
        return PERCENTILE.matcher(name).matches();
    }

    static double percentileOf(String name) {
        if (!isPercentile(name)) {
            return Double.NaN;
        }
        return Double.parseDouble(name.substring(1));
    }

    /** A statistic GetMetricData's {@code Stat} may name: a basic one or a percentile. */
    static String checkedStat(String stat, String where) {
        if (BASIC.contains(stat) || isPercentile(stat)) {
            return stat;
        }
        throw new SageboxException(ErrorCode.CW_INVALID_PARAMETER_VALUE, "The value " + stat + " for parameter "
                + where + " is not a valid statistic: use SampleCount, Average, Sum, Minimum, Maximum or a"
                + " percentile such as p99.");
    }
}
