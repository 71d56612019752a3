package cojson.storage.opfs.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Whether a non-default configuration measured in this run beats the default clearly enough to
 * change the default: as the geometric mean over all workloads, at least {@link #MIN_GEOMEAN}
 * times the default's throughput and more than the run's own noise (the median over workloads
 * of half the range of the default's repetitions, relative to its median), with no workload
 * below {@link #MIN_WORST}. Anything weaker is noise on a shared 2-core machine, and no
 * Decision line is printed. Quick runs never decide.
 */
final class DefaultDecision {
    static final double MIN_GEOMEAN = 1.10;
    static final double MIN_WORST = 0.95;

    private DefaultDecision() {
    }

    /**
     * @param workloads     the rows that judge (the close rows are diagnostics: one timed call each,
     *                      too noisy to weigh like 200k puts; work deferred to close shows in reopen)
     * @param defaultEngine the engine column run with the shipped defaults
     * @param candidates    engine columns, each with the setting it changes, e.g. "pageSize 65536"
     * @return the Decision line, or null when no candidate wins
     */
    static String decide(Results results, List<String> workloads, String defaultEngine, String defaultSetting,
                         List<String[]> candidates) {
        String best = null;
        double bestGeomean = Math.max(MIN_GEOMEAN, 1 + noise(results, workloads, defaultEngine));
        for (String[] candidate : candidates) {
            String engine = candidate[0];
            double logSum = 0;
            double worst = Double.MAX_VALUE;
            String worstWorkload = null;
            int n = 0;
            for (String workload : workloads) {
                if (!results.has(workload, engine) || !results.has(workload, defaultEngine)) {
                    continue;
                }
                double ratio = results.opsPerSecond(workload, engine) / results.opsPerSecond(workload, defaultEngine);
                logSum += Math.log(ratio);
                n++;
                if (ratio < worst) {
                    worst = ratio;
                    worstWorkload = workload;
                }
            }
            double geomean = n == 0 ? 0 : Math.exp(logSum / n);
            if (n > 0 && geomean >= bestGeomean && worst >= MIN_WORST) {
                bestGeomean = geomean;
                best = String.format("Decision: change the default %s to %s: %.2fx the default's throughput "
                                + "(geometric mean over %d workloads, worst %s %.2fx), medians of the same run.",
                        defaultSetting, candidate[1], geomean, n, worstWorkload, worst);
            }
        }
        return best;
    }

    private static double noise(Results results, List<String> workloads, String engine) {
        List<Double> halfSpreads = new ArrayList<>();
        for (String workload : workloads) {
            if (results.has(workload, engine)) {
                halfSpreads.add(results.spread(workload, engine) / 2);
            }
        }
        if (halfSpreads.isEmpty()) {
            return 0;
        }
        Collections.sort(halfSpreads);
        return halfSpreads.get(halfSpreads.size() / 2);
    }
}
