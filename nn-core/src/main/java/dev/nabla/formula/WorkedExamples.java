package dev.nabla.formula;

/**
 * Runs the worked example of every formula class in turn, in the order of the textbook:
 * convolution, cross-correlation, max and average pooling, the recurrent step, the logistic
 * discriminator and the GAN objective. {@code ./nabla formulas} and the main demo call this;
 * by hand: {@code java -cp nn-core/target/classes dev.nabla.formula.WorkedExamples}.
 * docs/formulas.md walks through the same numbers.
 */
public final class WorkedExamples {
    private WorkedExamples() {
    }

    public static void main(String[] args) {
        String[] none = new String[0];
        section(1, "the seed's convolution (kernel flipped)");
        TrueConvolution2D.main(none);
        section(2, "cross-correlation (what Conv2D layers compute)");
        CrossCorrelation2D.main(none);
        section(3, "max pooling");
        MaxPooling2D.main(none);
        section(4, "average pooling");
        AveragePooling2D.main(none);
        section(5, "the recurrent step");
        RecurrentStep.main(none);
        section(6, "the logistic discriminator");
        LogisticDiscriminator.main(none);
        section(7, "the GAN objective");
        GanObjective.main(none);
    }

    private static void section(int number, String title) {
        System.out.println();
        System.out.println("--- " + number + ". " + title + " ---");
    }
}
