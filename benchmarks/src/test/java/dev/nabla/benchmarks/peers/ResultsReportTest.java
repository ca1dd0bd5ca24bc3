package dev.nabla.benchmarks.peers;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsReportTest {

    // The header and rows as JMH 1.37 writes them with -rf csv (one @Param column).
    private static final List<String> CSV = List.of(
            "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\",\"Param: n\"",
            "\"dev.nabla.benchmarks.peers.NablaSideBenchmark.conv2dForward\",\"avgt\",1,5,12.500000,0.4,\"ms/op\",",
            "\"dev.nabla.benchmarks.peers.NablaSideBenchmark.sgemm\",\"avgt\",1,5,30.000000,1.0,\"ms/op\",1024",
            "\"dev.nabla.benchmarks.peers.NablaSideBenchmark.maxPool2d\",\"avgt\",1,5,2500.0,10,\"us/op\",");

    @Test
    void parsesJmhCsvIntoMillisecondsKeyedByMethodAndParams() {
        Map<String, Double> m = JmhCsv.parse(CSV, "nabla.csv");
        assertEquals(3, m.size());
        assertEquals(12.5, m.get("conv2dForward"), 1e-12);
        assertEquals(30.0, m.get("sgemm n=1024"), 1e-12);
        assertEquals(2.5, m.get("maxPool2d"), 1e-12); // 2500 µs = 2.5 ms
    }

    @Test
    void rejectsNonAverageTimeModesNamingTheLine() {
        List<String> bad = List.of(CSV.get(0), "\"x.y.sgemm\",\"thrpt\",1,5,3.0,0.1,\"ops/ms\",256");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JmhCsv.parse(bad, "f.csv"));
        assertTrue(e.getMessage().contains("f.csv line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("thrpt"), e.getMessage());
    }

    @Test
    void splitsQuotedFieldsWithCommasAndDoubledQuotes() {
        assertEquals(List.of("a,b", "c\"d", "", "7"), JmhCsv.fields("\"a,b\",\"c\"\"d\",,7"));
    }

    @Test
    void readsMeasurementIterationsFromJmhOutputSkippingWarmupAndFindingDisplacedValues() {
        List<String> log = List.of(
                "# Benchmark: dev.nabla.benchmarks.peers.DjlSideBenchmark.sgemm",
                "# Parameters: (n = 512)",
                "# Warmup Iteration   1: SLF4J: Failed to load class",
                "966.429 ms/op",
                "Iteration   1: 571.369 ms/op",
                "Iteration   2: SLF4J: Defaulting to no-operation (NOP) logger implementation",
                "3621.701 ms/op",
                "Iteration   3: 201.534 ms/op",
                "  1464.868 ±(99.9%) 1000 ms/op [Average]",
                "# Benchmark: dev.nabla.benchmarks.peers.DjlSideBenchmark.maxPool2d",
                "Iteration   1: 2,5 ms/op");
        Map<String, double[]> it = JmhLog.iterations(log);
        assertEquals(2, it.size());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {571.369, 3621.701, 201.534},
                it.get("sgemm n=512"), 0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {2.5}, it.get("maxPool2d"), 0);
    }

    @Test
    void statisticsByName() {
        double[] v = {571.369, 3621.701, 201.534};
        assertEquals(201.534, Stats.of("min", v), 0);
        assertEquals(571.369, Stats.of("median", v), 0);
        assertEquals((571.369 + 3621.701 + 201.534) / 3, Stats.of("mean", v), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Stats.of("max", v));
    }

    @Test
    void noLoadWarningOnAQuietMachine() {
        String md = ResultsReport.render(Map.of("nabla", Map.of(), "djl", Map.of(), "dl4j", Map.of()), Map.of(),
                Map.of(), Map.of("cores", "2", "load average at start (1/5/15 min)", "2.50 1.00 1.00"), "", "min");
        assertTrue(!md.contains("Warning"), md);
        assertEquals(2.5, ResultsReport.firstNumber("2.50 1.00 1.00"), 0);
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3.0, Stats.median(new double[] {5, 1, 3}), 0);
        assertEquals(2.5, Stats.median(new double[] {4, 1, 3, 2}), 0);
        assertThrows(IllegalArgumentException.class, () -> Stats.median(new double[0]));
    }

    @Test
    void findsThePredictionLineAmongLogOutput() {
        assertEquals("prediction 7", StartupRunner.lastPredictionLine("SLF4J: NOP\nprediction 7\n"));
        assertEquals(null, StartupRunner.lastPredictionLine("Exception in thread main\n"));
    }

    private static ResultsReport.Row row(String key) {
        return ResultsReport.groups().stream().flatMap(g -> g.rows().stream()).filter(r -> r.key().equals(key))
                .findFirst().orElseThrow();
    }

    @Test
    void targetsUseNablaOverPeerTimeRatios() {
        ResultsReport.Row lenet = row("lenetTrainStep");
        // Nabla 9 ms, DJL 6 ms → 1.5× (limit, met); DL4J 27 ms → DL4J is exactly 3× slower (met).
        Map<String, Map<String, Double>> met = Map.of("nabla", Map.of("lenetTrainStep", 9.0),
                "djl", Map.of("lenetTrainStep", 6.0), "dl4j", Map.of("lenetTrainStep", 27.0));
        assertEquals("met", ResultsReport.verdict(lenet, met));
        // DL4J only 2.9× slower → not met although DJL's condition holds.
        Map<String, Map<String, Double>> notMet = Map.of("nabla", Map.of("lenetTrainStep", 9.0),
                "djl", Map.of("lenetTrainStep", 6.0), "dl4j", Map.of("lenetTrainStep", 26.1));
        assertEquals("NOT met", ResultsReport.verdict(lenet, notMet));
        Map<String, Map<String, Double>> missing = Map.of("nabla", Map.of("lenetTrainStep", 9.0),
                "djl", Map.of(), "dl4j", Map.of("lenetTrainStep", 27.0));
        assertEquals("n/a", ResultsReport.verdict(lenet, missing));
        // GEMM 1024: ≥ 50 % of ND4J's GFLOP/s ⇔ Nabla time ≤ 2 × ND4J time.
        ResultsReport.Row gemm = row("sgemm n=1024");
        assertEquals("met", ResultsReport.verdict(gemm, Map.of("nabla", Map.of("sgemm n=1024", 20.0),
                "djl", Map.of(), "dl4j", Map.of("sgemm n=1024", 10.0))));
        assertEquals("NOT met", ResultsReport.verdict(gemm, Map.of("nabla", Map.of("sgemm n=1024", 20.1),
                "djl", Map.of(), "dl4j", Map.of("sgemm n=1024", 10.0))));
    }

    @Test
    void rendersGflopsRatiosThroughputAndStartup() {
        Map<String, Map<String, Double>> scores = Map.of(
                "nabla", Map.of("sgemm n=1024", 21.47483648, "seedCnnTrainStep", 32.0),
                "djl", Map.of("sgemm n=1024", 10.737418240, "seedCnnTrainStep", 16.0),
                "dl4j", Map.of("seedCnnTrainStep", 160.0));
        String md = ResultsReport.render(scores, Map.of("dl4j", "nd4j-native missing"),
                Map.of("nabla", 240.0, "djl", 1200.0),
                Map.of("date", "2026-11-25", "cores", "2", "load average at start (1/5/15 min)", "31.86 28.53 22.76",
                        "machine", "AMD EPYC, 2 cores visible, 24 GiB, no AVX-512"), "corename=Zen", "min");
        // 2·1024³ flop in 21.47 ms = 100.0 GFLOP/s; DJL twice as fast → ratio 2.00.
        assertTrue(md.contains("| sgemm 1024×1024 | 21.5 (100.0) | 10.7 (200.0) | — | 2.00 | — |"), md);
        // seed CNN: 32 ms per 64 images = 2000 images/s, 30 s per 60,000-image epoch; ratios 2.00 and 0.20.
        assertTrue(md.contains("| seed-CNN train step | 32.0 | 16.0 | 160 | 2.00 | 0.20 |"), md);
        assertTrue(md.contains("| seed-CNN | 2000 | 4000 | 400 | 30.0 |"), md);
        assertTrue(md.contains("| median ms | 240 | 1200 | — | — | 0.20 | — | Nabla ≤ 250 ms | met |"), md);
        assertTrue(md.contains("**dl4j did not run**: nd4j-native missing"), md);
        assertTrue(md.contains("corename=Zen"), md);
        assertTrue(md.contains("**best measurement iteration**"), md);
        assertTrue(md.contains("load average at the start was 31.9 on 2 cores"), md);
        assertTrue(md.contains("reports no AVX-512"), md);
        // 100 GFLOP/s is 32 % of the 309 GFLOP/s AVX-512 roof: the 50 % target is not met.
        assertTrue(md.contains("reaches 100.0 GFLOP/s = 32 % of it (target ≥ 50 %: NOT met)"), md);
    }
}
