package dev.nabla.examples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.nabla.medical.drug.DrugData;
import dev.nabla.medical.drug.Decoding;
import dev.nabla.medical.drug.GenerationEvaluation;
import dev.nabla.medical.drug.GraphSpec;
import dev.nabla.medical.drug.MolGan;
import dev.nabla.medical.drug.MolGanConfig;
import dev.nabla.medical.drug.MolGanTrainer;
import dev.nabla.medical.drug.MolecularGraph;
import dev.nabla.medical.drug.MoleculeDataset;
import dev.nabla.medical.drug.MoleculeOutputs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Molecule generation with a MolGAN-style graph GAN (issue 10).
 * <pre>
 *   prepare   read the rdkit-data molecules, curate, split (writes train/valid/test.smi and dataset.md)
 *   train     train the GAN (molgan or the seed's baseline generator), save it, evaluate samples
 *   sample    draw molecules from a saved model: SMILES, SDF, depiction grid
 *   evaluate  score samples of a saved model: metrics, property histograms, Markdown report
 * </pre>
 */
@Command(name = "drug", mixinStandardHelpOptions = true,
        description = "Graph GAN (MolGAN) that generates molecules; CDK for chemistry.",
        subcommands = {Drug.Prepare.class, Drug.Train.class, Drug.Sample.class, Drug.Evaluate.class})
public final class Drug implements Callable<Integer> {
    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 0;
    }

    /** Options shared by the commands. */
    static final class Common {
        @Option(names = "--setting", description = "graph setting: qm9 (≤ 9 heavy atoms of C,N,O,F) or large (≤ 20 of C,N,O,F,S,Cl) (default: ${DEFAULT-VALUE})")
        String setting = "qm9";

        @Option(names = "--work", description = "working folder (default: ${DEFAULT-VALUE})")
        Path work = Path.of("target", "drug");

        GraphSpec spec() {
            return GraphSpec.named(setting);
        }

        Path dataDir() {
            return work.resolve("data-" + spec().name());
        }

        MoleculeDataset dataset() throws Exception {
            return MoleculeDataset.load(dataDir(), spec());
        }
    }

    /** The options of commands that draw from a saved model: which model, how many graphs, at what temperature. */
    static final class SavedModel {
        @Option(names = "--model", description = "model file (default: <work>/molgan-<setting>.safetensors)")
        Path model;

        @Option(names = "-n", description = "number of graphs to draw (default: ${DEFAULT-VALUE})")
        int n = 1000;

        @Option(names = "--temperature", description = "sampling temperature of atoms and bonds (0 = argmax) (default: the model's, chosen at model selection)")
        Double temperature;

        @Option(names = "--seed", description = "sampling seed (default: ${DEFAULT-VALUE})")
        long seed = 12345;

        @Option(names = "--decoding", description = "plain, mask (bond types that would exceed an atom's valence get probability 0) or connected "
                + "(mask, then fragments joined by their best-scoring bonds); every sample is still counted (default: the model's, chosen by train --decoding)")
        String decoding;

        Path file(Common common) {
            return model != null ? model : common.work.resolve("molgan-" + common.spec().name() + ".safetensors");
        }

        double atomTemperature(MolGan gan) {
            return temperature != null ? temperature : gan.atomTemperature();
        }

        double bondTemperature(MolGan gan, Double bondOverride) {
            return bondOverride != null ? bondOverride : temperature != null ? temperature : gan.bondTemperature();
        }

        Decoding decoding(MolGan gan) {
            return decoding != null ? Decoding.of(decoding) : gan.decoding();
        }
    }

    @Command(name = "prepare", mixinStandardHelpOptions = true, description = "Curate and split the molecules.")
    static final class Prepare implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--data", description = "folder with first_5K.smi, wehi_mols.csv, first_200.props.sdf (default: ~/.cache/nabla/molecules)")
        Path data;

        @Option(names = "--seed", description = "split seed (default: ${DEFAULT-VALUE})")
        long seed = 7;

        @Override
        public Integer call() throws Exception {
            Path src = data != null ? data : DrugData.moleculesDirectory();
            MoleculeDataset ds = MoleculeDataset.prepare(src, common.spec(), common.dataDir(), seed, 0.1, 0.1);
            System.out.println(Files.readString(common.dataDir().resolve(MoleculeDataset.MANIFEST)));
            System.out.println("wrote " + common.dataDir() + " — " + ds.describe());
            return 0;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true, description = "Train the GAN and evaluate its samples.")
    static final class Train implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--generator", description = "molgan or baseline (default: ${DEFAULT-VALUE})")
        String generator = "molgan";

        @Option(names = "--steps", description = "training steps (default: ${DEFAULT-VALUE})")
        int steps = MolGanConfig.defaults(GraphSpec.QM9).steps();

        @Option(names = "--batch", description = "batch size (default: ${DEFAULT-VALUE})")
        int batch = 32;

        @Option(names = "--lr", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
        double lr = 1e-3;

        @Option(names = "--d-lr", description = "discriminator learning rate (default: ${DEFAULT-VALUE})")
        double dLr = MolGanConfig.defaults(GraphSpec.QM9).discriminatorLearningRate();

        @Option(names = "--reward", description = "weight λ of the reward network in the generator loss, 0..1 (default: ${DEFAULT-VALUE})")
        double reward = MolGanConfig.defaults(GraphSpec.QM9).rewardWeight();

        @Option(names = "--valence", description = "weight of the valence penalty (default: ${DEFAULT-VALUE})")
        double valence = MolGanConfig.defaults(GraphSpec.QM9).valenceWeight();

        @Option(names = "--diversity", description = "weight of the mode-seeking term against collapse (default: ${DEFAULT-VALUE})")
        double diversity = MolGanConfig.defaults(GraphSpec.QM9).diversityWeight();

        @Option(names = "--no-minibatch-std", description = "leave out the minibatch standard deviation feature")
        boolean noMinibatchStd;

        @Option(names = "--tau", description = "Gumbel-softmax temperature in training (default: ${DEFAULT-VALUE})")
        double tau = 1.0;

        @Option(names = "--seed", description = "seed (default: ${DEFAULT-VALUE})")
        long seed = 1;

        @Option(names = "--select-every", description = "every N steps, score samples at atom/bond temperatures 0.75-1.25 / 0.5-1 and keep the best generator and temperatures (0: keep the last) (default: ${DEFAULT-VALUE})")
        int selectEvery = 100;

        @Option(names = "--select-samples", description = "samples per selection step and temperature (default: ${DEFAULT-VALUE})")
        int selectSamples = MolGanTrainer.SELECTION_SAMPLES;

        @Option(names = "--samples", description = "molecules sampled for the evaluation at the end (default: ${DEFAULT-VALUE})")
        int samples = 1000;

        @Option(names = "--temperature", description = "sampling temperature of atoms and bonds for the evaluation (0 = argmax) (default: those chosen at model selection, else 1)")
        Double temperature;

        @Option(names = "--eval-seed", description = "seed of the evaluation samples (not one used in model selection) (default: ${DEFAULT-VALUE})")
        long evalSeed = 12345;

        @Option(names = "--select-seeds", description = "fresh draws each of the best screened candidates is re-scored on; the best mean is kept (0: keep the screening's best) (default: ${DEFAULT-VALUE})")
        int selectSeeds = MolGanTrainer.SELECTION_SEEDS;

        @Option(names = "--decoding", description = "decoding the generator and temperatures are selected with and the model samples with by default: "
                + "plain, mask or connected (see sample --help); the evaluation prints plain and this one (default: ${DEFAULT-VALUE})")
        String decoding = "connected";

        @Option(names = "--out", description = "model file (default: <work>/<generator>-<setting>.safetensors)")
        Path out;

        @Override
        public Integer call() throws Exception {
            Decoding selectedDecoding = Decoding.of(decoding); // a typo fails before training, not after
            MolGanConfig cfg = new MolGanConfig(generator, common.spec(), 32, batch, steps, lr, dLr, tau, reward, valence,
                    !noMinibatchStd, diversity, seed);
            MoleculeDataset ds = common.dataset();
            System.out.println("data: " + ds.describe());
            System.out.println("config: " + cfg.toMap());
            long t0 = System.nanoTime();
            MolGan gan = MolGanTrainer.train(cfg, ds.train(), Math.max(1, steps / 20), l -> System.out.println(l), selectEvery, selectSamples,
                    selectSeeds, selectedDecoding);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Path file = out != null ? out : common.work.resolve(generator + "-" + common.spec().name() + ".safetensors");
            gan.save(file);
            System.out.printf(Locale.ROOT, "trained %d steps in %.0f s; saved %s%n", steps, seconds, file);
            double ta = temperature != null ? temperature : gan.atomTemperature();
            double tb = temperature != null ? temperature : gan.bondTemperature();
            List<MolecularGraph> graphs = gan.sample(samples, ta, tb, evalSeed);
            GenerationEvaluation ev = GenerationEvaluation.of(graphs, common.spec(), ds.train());
            System.out.println("evaluation of " + samples + " fresh samples (seed " + evalSeed + ") at temperatures " + ta + " (atoms), "
                    + tb + " (bonds), plain decoding:");
            System.out.println(ev.toMarkdown());
            if (gan.decoding() != Decoding.PLAIN) {
                GenerationEvaluation decoded = GenerationEvaluation.of(gan.sample(samples, ta, tb, evalSeed, gan.decoding()), common.spec(), ds.train());
                System.out.println("the same draws, decoding " + gan.decoding() + " (the model's default):");
                System.out.println(decoded.toMarkdown());
            }
            return 0;
        }
    }

    @Command(name = "sample", mixinStandardHelpOptions = true, description = "Draw molecules from a saved model.")
    static final class Sample implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @CommandLine.Mixin
        SavedModel saved = new SavedModel();

        @Option(names = "--out", description = "output folder (default: <work>/samples-<setting>)")
        Path out;

        @Override
        public Integer call() throws Exception {
            MolGan gan = MolGan.load(saved.file(common));
            Path dir = out != null ? out : common.work.resolve("samples-" + common.spec().name());
            List<MolecularGraph> graphs = gan.sample(saved.n, saved.atomTemperature(gan), saved.bondTemperature(gan, null), saved.seed,
                    saved.decoding(gan));
            MoleculeDataset ds = common.dataset();
            GenerationEvaluation ev = GenerationEvaluation.of(graphs, gan.config().spec(), ds.train());
            MoleculeOutputs.writeSamples(dir, ev);
            System.out.printf(Locale.ROOT, "%d graphs → %d valid, %d distinct; wrote %s (generated.smi, generated.sdf, grid.png)%n",
                    saved.n, ev.validCount(), ev.distinctCount(), dir);
            return 0;
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Metrics, histograms and a Markdown report for a saved model.")
    static final class Evaluate implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @CommandLine.Mixin
        SavedModel saved = new SavedModel();

        @Option(names = "--out", description = "report folder (default: <work>/report-<model name>)")
        Path out;

        @Option(names = "--bond-temperature", description = "sampling temperature of the bond types (default: --temperature)")
        Double bondTemperature;

        @Option(names = "--sweep", split = ",", description = "also print validity/uniqueness/novelty at these sampling temperatures, e.g. 0.5,1,1.5")
        List<Double> sweep = List.of();

        @Option(names = "--bond-sweep", split = ",", description = "with --sweep: a grid, --sweep giving the atom temperatures and these the bond temperatures")
        List<Double> bondSweep = List.of();

        @Option(names = "--seeds", split = ",", description = "also print the metrics on a fresh draw of -n samples for each of these sampling seeds, with their mean and minimum")
        List<Long> seeds = List.of();

        @Override
        public Integer call() throws Exception {
            Path file = saved.file(common);
            MolGan gan = MolGan.load(file);
            MoleculeDataset ds = common.dataset();
            String name = file.getFileName().toString().replace(".safetensors", "");
            Path dir = out != null ? out : common.work.resolve("report-" + name);
            double atomT = saved.atomTemperature(gan);
            double bondT = saved.bondTemperature(gan, bondTemperature);
            int n = saved.n;
            long seed = saved.seed;
            GenerationEvaluation ev = GenerationEvaluation.of(gan.sample(n, atomT, bondT, seed, saved.decoding(gan)), gan.config().spec(), ds.train());
            MoleculeOutputs.writeSamples(dir, ev);
            MoleculeOutputs.writeHistograms(dir, ev);
            Path report = MoleculeOutputs.writeReport(dir, ev, ds, gan.config(), file, atomT, bondT, seed, saved.decoding(gan));
            System.out.println(Files.readString(report));
            System.out.println("wrote " + dir);
            if (!sweep.isEmpty()) {
                System.out.println("\n| atom T | bond T | samples | valid | unique | novel (distinct) | novel (MolGAN, per sample) | diversity |"
                        + "\n|---|---|---|---|---|---|---|---|");
                for (double t : sweep) {
                    for (double tb : bondSweep.isEmpty() ? List.of(t) : bondSweep) {
                        GenerationEvaluation e = GenerationEvaluation.of(gan.sample(n, t, tb, seed, saved.decoding(gan)), gan.config().spec(), ds.train());
                        System.out.printf(Locale.ROOT, "| %.2f | %.2f | %d | %.1f %% | %.1f %% | %.1f %% | %.1f %% | %.3f |%n", t, tb, n,
                                100 * e.validity(), 100 * e.uniqueness(), 100 * e.novelty(), 100 * e.noveltyPerSample(), e.diversity());
                    }
                }
            }
            if (!seeds.isEmpty()) {
                printSeeds(gan, ds, n, atomT, bondT, saved.decoding(gan));
            }
            return 0;
        }

        private void printSeeds(MolGan gan, MoleculeDataset ds, int n, double atomT, double bondT, Decoding decoding) throws Exception {
            System.out.printf(Locale.ROOT, "%n%d samples per seed at temperatures %.2f (atoms), %.2f (bonds)%s:%n", n, atomT, bondT,
                    ", decoding " + decoding);
            System.out.println("| seed | valid | unique | novel (distinct) | novel (MolGAN) | goal |\n|---|---|---|---|---|---|");
            double[][] rows = new double[seeds.size()][];
            int met = 0;
            for (int i = 0; i < seeds.size(); i++) {
                GenerationEvaluation e = GenerationEvaluation.of(gan.sample(n, atomT, bondT, seeds.get(i), decoding), gan.config().spec(), ds.train());
                rows[i] = new double[] {e.validity(), e.uniqueness(), e.novelty(), e.noveltyPerSample()};
                met += e.meetsGoal() ? 1 : 0;
                System.out.printf(Locale.ROOT, "| %d | %.1f %% | %.1f %% | %.1f %% | %.1f %% | %s |%n", seeds.get(i), 100 * rows[i][0],
                        100 * rows[i][1], 100 * rows[i][2], 100 * rows[i][3], e.meetsGoal() ? "met" : "not met");
            }
            double[] mean = new double[4];
            double[] min = {1, 1, 1, 1};
            for (double[] r : rows) {
                for (int k = 0; k < 4; k++) {
                    mean[k] += r[k] / rows.length;
                    min[k] = Math.min(min[k], r[k]);
                }
            }
            System.out.printf(Locale.ROOT, "| mean | %.1f %% | %.1f %% | %.1f %% | %.1f %% | met on %d of %d |%n", 100 * mean[0], 100 * mean[1],
                    100 * mean[2], 100 * mean[3], met, seeds.size());
            System.out.printf(Locale.ROOT, "| min | %.1f %% | %.1f %% | %.1f %% | %.1f %% | |%n", 100 * min[0], 100 * min[1], 100 * min[2],
                    100 * min[3]);
        }
    }

    /** Runs the command line. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Drug()).execute(args));
    }
}
