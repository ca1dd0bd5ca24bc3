package dev.nabla.formula;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkedExamplesTest {

    @Test
    void printsEveryExampleWithItsNumbers() {
        PrintStream saved = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            WorkedExamples.main(new String[0]);
        } finally {
            System.setOut(saved);
        }
        String out = buffer.toString(StandardCharsets.UTF_8);
        String[] expected = {
            "19  53  63  42",          // true convolution, full
            "23  33",                  // valid
            "37  47",                  // cross-correlation
            "5  8",                    // max pooling
            "7.5    9",                // average pooling, "same"
            "[0, 0.761594]",           // h_1
            "[0.761594, 0.88113]",     // h_2
            "D(2.5) = 1/(1+e^-1) = 0.731059",
            "= -0.328504",             // V
            "1.956012",                // non-saturating loss
            "-1.386294",               // −ln 4
            "-100",                    // non-saturating gradient at d = 0.01
        };
        for (String s : expected) {
            assertTrue(out.contains(s), "worked examples should print \"" + s + "\"; got:\n" + out);
        }
    }
}
