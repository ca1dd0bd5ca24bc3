package dev.nabla.spark;

import org.apache.spark.SparkException;

/**
 * Turns a failed Spark job into the exception a local call would have thrown: the task's own
 * {@link IllegalArgumentException} (bad input) or {@link IllegalStateException}, with the driver-side
 * operation named first, instead of a page of "Job aborted due to stage failure".
 */
final class SparkFailures {
    private SparkFailures() {
    }

    static RuntimeException translate(String operation, Exception e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof IllegalArgumentException && !(t instanceof NumberFormatException)) {
                return new IllegalArgumentException(operation + ": " + t.getMessage(), e);
            }
            if (t instanceof IllegalStateException) {
                return new IllegalStateException(operation + ": " + t.getMessage(), e);
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        if (e instanceof SparkException || e.getCause() instanceof SparkException) {
            return new IllegalStateException(operation + ": the Spark job failed: " + e.getMessage(), e);
        }
        return e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException(operation + ": " + e, e);
    }
}
